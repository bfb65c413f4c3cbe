package dev.precis.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    /** A run of our prompt this long in an answer is no coincidence. */
    private static final int LEAK_WINDOW = 60;

    private final Set<String> promptWindows = new HashSet<>();

    /** @param prompts texts the model must never repeat (the system prompt) */
    OutputGuard(List<String> prompts) {
        for (String prompt : prompts) {
            String flat = flatten(prompt);
            for (int i = 0; i + LEAK_WINDOW <= flat.length(); i++) {
                promptWindows.add(flat.substring(i, i + LEAK_WINDOW));
            }
        }
    }

    /** The value cleaned and bounded; null stays null. */
    String clean(String value, String path, int maxChars, List<Issue> issues) {
        if (value == null) {
            return null;
        }
        String cleaned = value;
        if (MARKUP.matcher(cleaned).find()) {
            cleaned = MARKUP.matcher(cleaned).replaceAll("$2").strip();
            issues.add(Issue.of(IssueCode.MARKUP_REMOVED, path, "markup was removed; write plain text"));
        }
        if (URL.matcher(cleaned).find()) {
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
        String flat = flatten(value);
        for (int i = 0; i + LEAK_WINDOW <= flat.length(); i++) {
            if (promptWindows.contains(flat.substring(i, i + LEAK_WINDOW))) {
                return true;
            }
        }
        return false;
    }

    private static String flatten(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
