package dev.precis.grounding;

import java.util.ArrayList;
import java.util.List;

/**
 * Locates quotes the model copied from an article. Every occurrence is reported, as spans of the article exactly
 * as submitted; a quote never matches inside a longer word. Matching is tolerant of case, whitespace (including
 * NBSP and U+202F), apostrophe, quote and hyphen variants, Unicode normalisation and invisible characters.
 * Build one per article: the folded copy is computed once.
 */
public final class Grounder {

    private final String article;
    private final FoldedText folded;

    public Grounder(String article) {
        this.article = article;
        this.folded = FoldedText.of(article);
    }

    public String article() {
        return article;
    }

    /** All non-overlapping occurrences of the quote, in text order; empty when the article does not contain it. */
    public List<Span> locate(String quote) {
        if (quote == null) {
            return List.of();
        }
        String needle = FoldedText.foldQuote(quote);
        if (needle.isEmpty()) {
            return List.of();
        }
        String haystack = folded.folded();
        List<Span> spans = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = haystack.indexOf(needle, from);
            if (at < 0) {
                return spans;
            }
            int end = at + needle.length();
            if (standsAlone(haystack, at, end, needle)) {
                spans.add(folded.originOf(at, end));
                from = end;
            } else {
                from = at + 1;
            }
        }
    }

    /** The article's own spelling of a span. */
    public String textOf(Span span) {
        return article.substring(span.start(), span.end());
    }

    // A quote that starts (ends) with a letter or digit must not continue a word to its left (right).
    private static boolean standsAlone(String haystack, int start, int end, String needle) {
        boolean leftOk = !isWordChar(needle.charAt(0)) || start == 0 || !isWordChar(haystack.charAt(start - 1));
        boolean rightOk = !isWordChar(needle.charAt(needle.length() - 1)) || end == haystack.length()
                || !isWordChar(haystack.charAt(end));
        return leftOk && rightOk;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK;
    }
}
