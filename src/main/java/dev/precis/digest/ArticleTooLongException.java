package dev.precis.digest;

/**
 * An article longer than {@code PRECIS_MAX_ARTICLE_CHARS}, or one that would take more model calls than
 * {@code PRECIS_MAX_CALLS_PER_ARTICLE}; refused before any LLM call.
 */
public class ArticleTooLongException extends RuntimeException {

    public ArticleTooLongException(int length, int limit) {
        super("The article has " + length + " characters; the limit is " + limit + ".");
    }

    private ArticleTooLongException(String message) {
        super(message);
    }

    static ArticleTooLongException tooManyCalls(int parts, int calls, int limit) {
        return new ArticleTooLongException("The article would be read in " + parts + " parts, taking up to " + calls
                + " model calls; the limit is " + limit + " (its text is unusually dense in tokens). Send a shorter article.");
    }
}
