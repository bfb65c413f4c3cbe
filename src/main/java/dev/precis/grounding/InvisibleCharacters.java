package dev.precis.grounding;

/**
 * Characters that render as nothing yet can hide text from a reader: zero-width characters, bidi controls,
 * Unicode tag characters, the soft hyphen and C0/C1 controls other than line breaks and tabs. They are removed
 * from what the model sees and skipped when matching, while offsets keep indexing the submitted text. Blank letters
 * (the Hangul fillers, the blank Braille pattern) show as a space, and are read as one.
 */
public final class InvisibleCharacters {

    private InvisibleCharacters() {
    }

    public static boolean isInvisible(int codePoint) {
        return isZeroWidth(codePoint) || isBidiControl(codePoint) || isTag(codePoint) || codePoint == 0x00AD
                || isControl(codePoint);
    }

    /** The text without its invisible characters; a blank letter, which shows as a space, becomes one. */
    public static String strip(String text) {
        if (text.codePoints().noneMatch(cp -> isInvisible(cp) || isBlankLetter(cp))) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (isBlankLetter(cp)) {
                out.append(' ');
            } else if (!isInvisible(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean isZeroWidth(int cp) {
        return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0x180E;
    }

    private static boolean isBidiControl(int cp) {
        return cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * Characters that count as letters (or symbols) but show as nothing: the Hangul fillers and the blank Braille
     * pattern. Inside words they hide what the words are, from a reader and from any check of the text.
     */
    public static boolean isBlankLetter(int cp) {
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0000 && cp <= 0xE007F;
    }

    private static boolean isControl(int cp) {
        boolean lineBreakOrTab = cp == '\n' || cp == '\r' || cp == '\t';
        return Character.getType(cp) == Character.CONTROL && !lineBreakOrTab;
    }
}
