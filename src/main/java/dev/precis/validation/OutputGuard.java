package dev.precis.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps what the model writes to what a digest should hold, whatever an article may have talked it into: no URL
 * (nothing in an answer is ever fetched, and no link is passed on), no markup, no text of our own prompts, and no
 * field longer than it should be. What is removed is said in an issue.
 */
final class OutputGuard {

    static final int SHORT_FIELD = 200;
    static final int HEADLINE = 300;
    static final int PURPOSE = 1_000;
    static final int SUMMARY = 2_000;

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:(?:https?|ftp)://|www\\.)[^\\s)\\]]+");
    private static final Pattern MARKUP = Pattern.compile(
            "(?is)<script\\b.*?(</script\\s*>|\\z)|<[a-zA-Z!/][^<>]{0,500}>|!?\\[([^\\]\\n]{0,500})\\]\\([^)]{0,2000}\\)");
    /**
     * A run of our prompt of twice this length in an answer is no coincidence. Any such run contains one whole
     * block of the prompt cut at multiples of this length, so looking for those blocks finds every leak at the cost
     * of a few {@code contains} calls.
     */
    private static final int LEAK_BLOCK = 30;

    private final List<String> promptBlocks = new ArrayList<>();

    /** @param prompts texts the model must never repeat (the system prompt) */
    OutputGuard(List<String> prompts) {
        for (String prompt : prompts) {
            String flat = flatten(prompt);
            for (int i = 0; i + LEAK_BLOCK <= flat.length(); i += LEAK_BLOCK) {
                promptBlocks.add(flat.substring(i, i + LEAK_BLOCK));
            }
        }
    }

    /** The value cleaned and bounded; null stays null. */
    String clean(String value, String path, int maxChars, List<Issue> issues) {
        if (value == null) {
            return null;
        }
        String cleaned = value;
        // The patterns run only where their first characters occur: most texts have none, and this runs per field.
        if ((cleaned.indexOf('<') >= 0 || cleaned.indexOf('[') >= 0) && MARKUP.matcher(cleaned).find()) {
            cleaned = MARKUP.matcher(cleaned).replaceAll("$2").strip();
            issues.add(Issue.of(IssueCode.MARKUP_REMOVED, path, "markup was removed; write plain text"));
        }
        if ((cleaned.contains("://") || cleaned.contains("www.") || cleaned.contains("WWW."))
                && URL.matcher(cleaned).find()) {
            cleaned = URL.matcher(cleaned).replaceAll("").strip();
            issues.add(Issue.of(IssueCode.URL_REMOVED, path, "a URL was removed; digests carry no links"));
        }
        if (leaksPrompt(cleaned)) {
            issues.add(Issue.of(IssueCode.PROMPT_LEAK, path,
                    "repeats the instructions instead of reporting the article"));
        }
        if (cleaned.length() > maxChars) {
            cleaned = cleaned.substring(0, maxChars);
            issues.add(Issue.of(IssueCode.TOO_LONG, path, "was cut to " + maxChars + " characters"));
        }
        return cleaned;
    }

    private boolean leaksPrompt(String value) {
        if (value.length() < LEAK_BLOCK) {
            return false;
        }
        String flat = flatten(value);
        for (String block : promptBlocks) {
            if (flat.contains(block)) {
                return true;
            }
        }
        return false;
    }

    private static String flatten(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
