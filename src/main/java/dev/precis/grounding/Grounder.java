package dev.precis.grounding;

import dev.precis.deadline.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locates quotes the model copied from an article. Every occurrence is reported, as spans of the article exactly
 * as submitted; a quote never matches inside a longer word. Matching is tolerant of case, whitespace (including
 * NBSP and U+202F), apostrophe, quote and hyphen variants, Unicode normalisation and invisible characters.
 *
 * <p>Build one per article and request: the folded copy is computed once, and each distinct quote is searched once
 * (answers repeat names; repairs repeat whole answers). A search takes time linear in the article's length whatever
 * the quote and article hold, and stops at the request's {@link Checkpoint}. Safe for the chunks of a long article
 * validated side by side.
 */
public final class Grounder {

    /** Needles up to this long are searched with {@link String#indexOf}, whose worst case is then linear too. */
    private static final int SHORT_NEEDLE = 32;
    /** Characters searched between two checkpoints. */
    private static final int CHECK_EVERY = 1 << 15;

    private final String article;
    private final FoldedText folded;
    private final List<Span> markup;
    private final Checkpoint checkpoint;
    private final Map<String, List<Span>> located = new ConcurrentHashMap<>();

    public Grounder(String article) {
        this(article, Checkpoint.NONE);
    }

    public Grounder(String article, Checkpoint checkpoint) {
        this.article = article;
        this.checkpoint = checkpoint;
        this.folded = FoldedText.of(article);
        this.markup = MarkupRegions.of(article);
    }

    /** Where work on this article stops: the request's deadline and cancellation. */
    public Checkpoint checkpoint() {
        return checkpoint;
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
        checkpoint.check();
        String needle = FoldedText.foldQuote(quote);
        if (needle.isEmpty() || needle.codePoints().noneMatch(Character::isLetterOrDigit)) {
            // Punctuation alone ("«", "-") would "ground" anywhere.
            return List.of();
        }
        List<Span> known = located.get(needle);
        if (known != null) {
            return known;
        }
        List<Span> spans = List.copyOf(needle.length() <= SHORT_NEEDLE ? search(needle) : searchLong(needle));
        located.put(needle, spans);
        return spans;
    }

    /** The article's own spelling of a span. */
    public String textOf(Span span) {
        return article.substring(span.start(), span.end());
    }

    private List<Span> search(String needle) {
        String haystack = folded.folded();
        List<Span> spans = new ArrayList<>();
        int from = 0;
        int nextCheck = CHECK_EVERY;
        while (true) {
            int at = haystack.indexOf(needle, from);
            if (at < 0) {
                return spans;
            }
            if (at > nextCheck) {
                checkpoint.check();
                nextCheck = at + CHECK_EVERY;
            }
            int end = at + needle.length();
            if (accept(haystack, at, end, spans)) {
                from = end;
            } else {
                from = at + 1;
            }
        }
    }

    /**
     * Knuth-Morris-Pratt: every occurrence in one pass over the article, however the quote repeats itself. Accepted
     * in text order without overlap, as {@link #search} does.
     */
    private List<Span> searchLong(String needle) {
        String haystack = folded.folded();
        int m = needle.length();
        int[] fallback = new int[m];
        for (int i = 1, k = 0; i < m; i++) {
            while (k > 0 && needle.charAt(i) != needle.charAt(k)) {
                k = fallback[k - 1];
            }
            if (needle.charAt(i) == needle.charAt(k)) {
                k++;
            }
            fallback[i] = k;
        }
        List<Span> spans = new ArrayList<>();
        int acceptedEnd = 0;
        for (int i = 0, k = 0; i < haystack.length(); i++) {
            if ((i & (CHECK_EVERY - 1)) == 0) {
                checkpoint.check();
            }
            while (k > 0 && haystack.charAt(i) != needle.charAt(k)) {
                k = fallback[k - 1];
            }
            if (haystack.charAt(i) == needle.charAt(k)) {
                k++;
            }
            if (k == m) {
                int at = i + 1 - m;
                if (at >= acceptedEnd && accept(haystack, at, i + 1, spans)) {
                    acceptedEnd = i + 1;
                }
                k = fallback[k - 1];
            }
        }
        return spans;
    }

    private boolean accept(String haystack, int at, int end, List<Span> spans) {
        if (WordBoundaries.wholeWords(haystack, at, end) && !folded.splitsCharacter(at, end)) {
            spans.add(folded.originOf(at, end));
            return true;
        }
        return false;
    }
}
