package dev.precis.llm;

import java.time.Duration;

/** Too many LLM calls in flight and waiting: the request is refused now (429) rather than late. */
public class LoadShedException extends RuntimeException {

    private final Duration retryAfter;

    public LoadShedException(Duration retryAfter) {
        super("too many LLM calls in flight");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
