package dev.precis.grounding;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds markup in a text in one left-to-right pass, in time linear in its length whatever the text holds (no
 * regular expression that could backtrack): script and style blocks (to their end tag, or to the end of the text
 * when unclosed), HTML tags, and markdown links and images {@code [text](target)}, whose target may hold balanced
 * parentheses ({@code [x](javascript:alert(1))}). Each element keeps the part a reader would see: a link's text, and
 * nothing of a tag or script.
 */
public final class Markup {

    /** One piece of markup: {@code [start, end)} of the text, of which {@code [keepStart, keepEnd)} is its visible text. */
    public record Element(int start, int end, int keepStart, int keepEnd) {
    }

    /** A tag is at most this long; a longer run from "<" is prose with a "<" in it. */
    private static final int MAX_TAG_CHARS = 500;
    private static final int MAX_LINK_TEXT_CHARS = 500;
    private static final int MAX_LINK_TARGET_CHARS = 2_000;

    private Markup() {
    }

    /** Whether the text may hold markup at all: the usual prose has neither "<" nor "[". */
    public static boolean mayContain(String text) {
        return text.indexOf('<') >= 0 || text.indexOf('[') >= 0;
    }

    /** The markup elements of the text, in order, none overlapping. */
    public static List<Element> scan(String text) {
        return scan(text, false);
    }

    /**
     * The same, and with {@code unclosedToEnd} a tag that is never closed ({@code <img src=x onerror=...} to the end
     * of the text) counts as markup to the end, as a browser would read it: for short texts a model wrote.
     */
    public static List<Element> scan(String text, boolean unclosedToEnd) {
        List<Element> elements = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            Element element = null;
            if (c == '<') {
                element = tagAt(text, i, unclosedToEnd);
            } else if (c == '[') {
                element = linkAt(text, i, i);
            } else if (c == '!' && i + 1 < n && text.charAt(i + 1) == '[') {
                element = linkAt(text, i, i + 1);
            }
            if (element != null) {
                elements.add(element);
                i = element.end();
            } else {
                i++;
            }
        }
        return elements;
    }

    /** The text with every element replaced by its visible part. */
    public static String strip(String text, List<Element> elements) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (Element element : elements) {
            out.append(text, from, element.start()).append(text, element.keepStart(), element.keepEnd());
            from = element.end();
        }
        return out.append(text, from, text.length()).toString();
    }

    private static Element tagAt(String text, int open, boolean unclosedToEnd) {
        for (String block : new String[] {"script", "style"}) {
            if (startsBlock(text, open, block)) {
                int end = blockEnd(text, open + 1 + block.length(), block);
                return new Element(open, end, open, open);
            }
        }
        if (open + 1 >= text.length() || !startsTag(text.charAt(open + 1))) {
            return null;
        }
        // Stops at the next "<": scans from successive "<" never cover the same characters twice.
        int limit = Math.min(text.length(), open + 2 + MAX_TAG_CHARS);
        for (int k = open + 2; k < limit; k++) {
            char c = text.charAt(k);
            if (c == '>') {
                return new Element(open, k + 1, open, open);
            }
            if (c == '<') {
                return null;
            }
        }
        return unclosedToEnd && limit == text.length() ? new Element(open, text.length(), open, open) : null;
    }

    private static boolean startsTag(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '/';
    }

    /** "<script" (any case) not followed by a letter or digit. */
    private static boolean startsBlock(String text, int open, String name) {
        int after = open + 1 + name.length();
        return text.regionMatches(true, open + 1, name, 0, name.length())
                && (after >= text.length() || !Character.isLetterOrDigit(text.charAt(after)));
    }

    /** Just past the block's end tag ("</script" + optional whitespace + ">"), or the end of the text. */
    private static int blockEnd(String text, int from, String name) {
        for (int k = text.indexOf('<', from); k >= 0; k = text.indexOf('<', k + 1)) {
            if (k + 1 < text.length() && text.charAt(k + 1) == '/'
                    && text.regionMatches(true, k + 2, name, 0, name.length())) {
                int j = k + 2 + name.length();
                while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                if (j < text.length() && text.charAt(j) == '>') {
                    return j + 1;
                }
            }
        }
        return text.length();
    }

    /**
     * {@code [text](target)} from {@code bracket}; the element starts at {@code start} (the "!" of an image). The
     * text stops at "]" and may not hold "[" or a line break; the target may not hold "[", "]" or a line break.
     * Both limits keep successive attempts from scanning the same characters again.
     */
    private static Element linkAt(String text, int start, int bracket) {
        int n = text.length();
        int close = -1;
        for (int k = bracket + 1; k < n && k <= bracket + 1 + MAX_LINK_TEXT_CHARS; k++) {
            char c = text.charAt(k);
            if (c == ']') {
                close = k;
                break;
            }
            if (c == '[' || c == '\n') {
                return null;
            }
        }
        if (close < 0 || close + 1 >= n || text.charAt(close + 1) != '(') {
            return null;
        }
        int depth = 1;
        for (int k = close + 2; k < n && k <= close + 2 + MAX_LINK_TARGET_CHARS; k++) {
            char c = text.charAt(k);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return new Element(start, k + 1, bracket + 1, close);
            } else if (c == '[' || c == ']' || c == '\n') {
                return null;
            }
        }
        return null;
    }
}
