package dev.precis.grounding;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * A comparison copy of a text — case folded, compatibility-decomposed (NFKD), whitespace runs collapsed,
 * typographic apostrophes, quotes and hyphens unified, invisible characters dropped — that remembers, for
 * every folded character, which code units of the original produced it. Matching happens in the folded copy;
 * offsets are always reported in the original.
 */
public final class FoldedText {

    private final String folded;
    private final int[] originStart;
    private final int[] originEnd;

    private FoldedText(String folded, int[] originStart, int[] originEnd) {
        this.folded = folded;
        this.originStart = originStart;
        this.originEnd = originEnd;
    }

    public static FoldedText of(String original) {
        Builder folded = new Builder(original.length());
        for (int i = 0; i < original.length(); ) {
            int codePoint = original.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            String replacement = fold(codePoint);
            for (int k = 0; k < replacement.length(); k++) {
                folded.append(replacement.charAt(k), i, next);
            }
            i = next;
        }
        return folded.withoutOptionalSpaces();
    }

    /** The folded form of a quote on its own, trimmed: what a needle is compared as. */
    public static String foldQuote(String quote) {
        return of(quote).folded.strip();
    }

    public String folded() {
        return folded;
    }

    /**
     * Whether folded characters {@code [from, to)} begin or end inside the expansion of one original character
     * ("1" inside the "1⁄2" that "½" decomposes to): such a match is not a match of whole characters.
     */
    public boolean splitsCharacter(int from, int to) {
        boolean splitsFirst = from > 0 && originStart[from] == originStart[from - 1];
        boolean splitsLast = to < folded.length() && originStart[to] == originStart[to - 1];
        return splitsFirst || splitsLast;
    }

    /** Original span covering folded characters {@code [from, to)}. */
    public Span originOf(int from, int to) {
        return new Span(originStart[from], originEnd[to - 1]);
    }

    /**
     * Whether a space next to these characters is optional. French typography puts (narrow) no-break spaces inside
     * guillemets and before : ; ! ?, which a model copying the text often drops or turns into plain spaces.
     */
    private static boolean spaceIsOptionalBefore(char c) {
        return c == '"' || c == ':' || c == ';' || c == '!' || c == '?' || c == ' ';
    }

    private static boolean spaceIsOptionalAfter(char c) {
        return c == '"' || c == ' ';
    }

    /** Folded characters with, for each, the original code units it came from. */
    private static final class Builder {

        private final StringBuilder chars;
        private int[] starts;
        private int[] ends;

        Builder(int capacity) {
            chars = new StringBuilder(capacity);
            starts = new int[capacity + 16];
            ends = new int[capacity + 16];
        }

        void append(char c, int originStart, int originEnd) {
            if (chars.length() == starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            starts[chars.length()] = originStart;
            ends[chars.length()] = originEnd;
            chars.append(c);
        }

        /** Drops every space that is optional (runs, leading, around quotes, before French punctuation). */
        FoldedText withoutOptionalSpaces() {
            Builder kept = new Builder(chars.length());
            for (int i = 0; i < chars.length(); i++) {
                char c = chars.charAt(i);
                boolean optional = c == ' ' && (kept.chars.isEmpty()
                        || spaceIsOptionalAfter(kept.chars.charAt(kept.chars.length() - 1))
                        || i + 1 == chars.length() || spaceIsOptionalBefore(chars.charAt(i + 1)));
                if (!optional) {
                    kept.append(c, starts[i], ends[i]);
                }
            }
            return new FoldedText(kept.chars.toString(), kept.starts, kept.ends);
        }
    }

    /** Printable ASCII folds to itself lower-cased; kept ready, as most of any Latin-script text is ASCII. */
    private static final String[] ASCII = new String[128];

    static {
        for (char c = '!'; c < 127; c++) {
            ASCII[c] = String.valueOf(Character.toLowerCase(c));
        }
    }

    /**
     * Folds of the Basic Multilingual Plane's characters, filled as they are met (a racy fill is harmless: every
     * thread computes the same string).
     */
    private static final String[] BMP_FOLDS = new String[0x10000];

    private static String decompose(int codePoint) {
        return Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
    }

    static String fold(int codePoint) {
        if (codePoint < 128 && ASCII[codePoint] != null && codePoint != '`') {
            return ASCII[codePoint];
        }
        if (InvisibleCharacters.isInvisible(codePoint)) {
            return "";
        }
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || InvisibleCharacters.isBlankLetter(codePoint)) {
            return " ";
        }
        switch (codePoint) {
            case '\u2019', '\u2018', '\u02BC', '\u2032', '\u0060', '\u00B4', '\u201B' -> {
                return "'";
            }
            case '\u00AB', '\u00BB', '\u201C', '\u201D', '\u201E', '\u2033', '\u201F' -> {
                return "\"";
            }
            case '\u2039', '\u203A' -> {
                return "\"";
            }
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58' -> {
                return "-";
            }
            case '\u00DF', '\u1E9E' -> {
                // ß and ẞ: what "STRASSE" folds to
                return "ss";
            }
            case '\u03C2' -> {
                // Greek final sigma: what an upper-case quote folds to is the ordinary sigma.
                return "\u03C3";
            }
            default -> {
                if (codePoint >= BMP_FOLDS.length) {
                    return decompose(codePoint);
                }
                // Each character is decomposed once per process: a French article repeats its few accented letters.
                String known = BMP_FOLDS[codePoint];
                if (known == null) {
                    known = decompose(codePoint);
                    BMP_FOLDS[codePoint] = known;
                }
                return known;
            }
        }
    }
}
