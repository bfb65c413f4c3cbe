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
        StringBuilder out = new StringBuilder(original.length());
        int[] starts = new int[original.length() + 16];
        int[] ends = new int[original.length() + 16];
        boolean lastWasSpace = false;
        for (int i = 0; i < original.length(); ) {
            int codePoint = original.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            String replacement = fold(codePoint);
            if (replacement.equals(" ")) {
                if (lastWasSpace) {
                    // Extend the previous space so a collapsed run maps back to the whole run.
                    ends[out.length() - 1] = next;
                    i = next;
                    continue;
                }
            }
            for (int k = 0; k < replacement.length(); k++) {
                if (out.length() == starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                    ends = Arrays.copyOf(ends, ends.length * 2);
                }
                starts[out.length()] = i;
                ends[out.length()] = next;
                out.append(replacement.charAt(k));
            }
            if (!replacement.isEmpty()) {
                lastWasSpace = replacement.equals(" ");
            }
            i = next;
        }
        return new FoldedText(out.toString(), starts, ends);
    }

    /** The folded form of a quote on its own, trimmed: what a needle is compared as. */
    public static String foldQuote(String quote) {
        return of(quote).folded.strip();
    }

    public String folded() {
        return folded;
    }

    /** Original span covering folded characters {@code [from, to)}. */
    public Span originOf(int from, int to) {
        return new Span(originStart[from], originEnd[to - 1]);
    }

    static String fold(int codePoint) {
        if (InvisibleCharacters.isInvisible(codePoint)) {
            return "";
        }
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
            return " ";
        }
        switch (codePoint) {
            case '\u2019', '\u2018', '\u02BC', '\u2032', '\u0060', '\u00B4', '\u201B' -> {
                return "'";
            }
            case '\u00AB', '\u00BB', '\u201C', '\u201D', '\u201E', '\u2033', '\u201F' -> {
                return "\"";
            }
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212' -> {
                return "-";
            }
            default -> {
                String decomposed = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKD);
                return decomposed.toLowerCase(Locale.ROOT);
            }
        }
    }
}
