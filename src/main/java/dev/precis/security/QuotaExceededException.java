package dev.precis.security;

import java.time.Duration;

/** A client over one of its quotas: refused (429) before any LLM call. */
public class QuotaExceededException extends RuntimeException {

    private final Duration retryAfter;
    private final boolean neverFits;

    public QuotaExceededException(String message, Duration retryAfter) {
        this(message, retryAfter, false);
    }

    public QuotaExceededException(String message, Duration retryAfter, boolean neverFits) {
        super(message);
        this.retryAfter = retryAfter;
        this.neverFits = neverFits;
    }

    /** Whether what was asked exceeds the quota itself (more tokens than a whole minute or day allows): no wait helps. */
    public boolean neverFits() {
        return neverFits;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
