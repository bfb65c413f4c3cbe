package dev.precis.llm;

import java.time.Duration;
import java.util.Optional;

/** An LLM call that produced no answer. The message is for logs; clients see only {@link #failure()}. */
public class LlmCallException extends RuntimeException {

    private final LlmFailure failure;
    private final Integer backendStatus;
    private final Duration retryAfter;

    public LlmCallException(LlmFailure failure, Integer backendStatus, Duration retryAfter, String message,
            Throwable cause) {
        super(LogText.printable(message), cause);
        this.failure = failure;
        this.backendStatus = backendStatus;
        this.retryAfter = retryAfter;
    }

    public LlmCallException(LlmFailure failure, String message) {
        this(failure, null, null, message, null);
    }

    public LlmFailure failure() {
        return failure;
    }

    /** The HTTP status the backend answered, when it answered one. */
    public Integer backendStatus() {
        return backendStatus;
    }

    /** How long the backend (or its breaker) asks us to wait, when it says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The same failure, with the wait a client should be told. */
    public LlmCallException withRetryAfter(Duration wait) {
        return new LlmCallException(failure, backendStatus, wait, getMessage(), getCause());
    }
}
