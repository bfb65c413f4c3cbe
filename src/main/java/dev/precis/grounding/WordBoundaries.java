package dev.precis.grounding;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a match stands as whole words: "Paris" must not match inside "Parisiens", nor "Pierre" inside
 * "Jean-Pierre". Scripts that do not separate words with spaces (Chinese, Japanese, Thai...) or that attach
 * particles and clitics to names (Korean, Arabic, Hebrew) have no such boundary to check.
 */
final class WordBoundaries {

    private static final Set<UnicodeScript> WITHOUT_WORD_SPACING = EnumSet.of(
            UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA, UnicodeScript.THAI,
            UnicodeScript.LAO, UnicodeScript.KHMER, UnicodeScript.MYANMAR, UnicodeScript.TIBETAN,
            UnicodeScript.HANGUL, UnicodeScript.ARABIC, UnicodeScript.HEBREW);

    private WordBoundaries() {
    }

    /** Whether {@code [start, end)} of the folded text begins and ends at word boundaries. */
    static boolean wholeWords(String text, int start, int end) {
        return leftBoundary(text, start) && rightBoundary(text, end);
    }

    private static boolean leftBoundary(String text, int start) {
        int first = text.codePointAt(start);
        if (!needsBoundary(first) || start == 0) {
            return true;
        }
        int before = text.codePointBefore(start);
        if (before == '-' && start >= 2) {
            // A hyphen between letters joins one word ("Jean-Pierre", "Saint-Denis").
            return !isWordPart(text.codePointBefore(start - 1));
        }
        return !isWordPart(before);
    }

    private static boolean rightBoundary(String text, int end) {
        int last = text.codePointBefore(end);
        if (!needsBoundary(last) || end == text.length()) {
            return true;
        }
        int after = text.codePointAt(end);
        if (after == '-' && end + 1 < text.length()) {
            return !isWordPart(text.codePointAt(end + 1));
        }
        return !isWordPart(after);
    }

    private static boolean needsBoundary(int codePoint) {
        return isWordPart(codePoint) && !WITHOUT_WORD_SPACING.contains(UnicodeScript.of(codePoint));
    }

    private static boolean isWordPart(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetterOrDigit(codePoint) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }
}
