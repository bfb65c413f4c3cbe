package dev.precis.security;

import java.time.Duration;

/** A client over one of its quotas: refused (429) before any LLM call. */
public class QuotaExceededException extends RuntimeException {

    private final Duration retryAfter;

    public QuotaExceededException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
