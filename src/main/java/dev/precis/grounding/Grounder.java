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
    private final List<Span> markup;

    public Grounder(String article) {
        this.article = article;
        this.folded = FoldedText.of(article);
        this.markup = MarkupRegions.of(article);
    }

    /** Whether the span lies inside embedded code or markup (JSON, HTML, markdown links, URLs), not prose. */
    public boolean insideMarkup(Span span) {
        for (Span region : markup) {
            if (region.contains(span)) {
                return true;
            }
        }
        return false;
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
        if (needle.codePoints().noneMatch(Character::isLetterOrDigit)) {
            // Punctuation alone ("«", "-") would "ground" anywhere.
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
            if (WordBoundaries.wholeWords(haystack, at, end) && !folded.splitsCharacter(at, end)) {
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
}
