package dev.precis.grounding;

/**
 * Half a UTF-16 surrogate pair is not a character: JSON escapes can spell one ({@code "\ud800"}), and no UTF-8 text
 * can carry it on. Such text is refused where it comes in (a request, a backend's answer) rather than passed on.
 */
public final class Surrogates {

    private Surrogates() {
    }

    /** Index of the first surrogate that is not half of a pair, or -1. */
    public static int firstUnpaired(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
