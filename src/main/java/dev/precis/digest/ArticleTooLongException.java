package dev.precis.digest;

/** An article longer than {@code PRECIS_MAX_ARTICLE_CHARS}; refused before any LLM call. */
public class ArticleTooLongException extends RuntimeException {

    public ArticleTooLongException(int length, int limit) {
        super("The article has " + length + " characters; the limit is " + limit + ".");
    }
}
