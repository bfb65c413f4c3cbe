package dev.precis.llm;

/**
 * Text that came from a backend (an error body, a parser's complaint quoting the answer) as a log line may hold it:
 * control characters written as escapes, so a backend cannot colour, rewrite or split our log lines, and a length
 * bound, so it cannot flood them.
 */
public final class LogText {

    /** Longest text kept; the rest is cut and said to be. */
    static final int MAX_CHARS = 500;

    private LogText() {
    }

    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        int end = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029;
            if (control && out == null) {
                out = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (out != null) {
                if (control) {
                    out.append(String.format("\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        String kept = out != null ? out.toString() : text.substring(0, end);
        return end < text.length() ? kept + "… (" + (text.length() - end) + " more chars)" : kept;
    }
}
