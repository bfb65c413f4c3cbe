package dev.precis.llm.transport;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;

/**
 * A backend answered with an error status. It extends LangChain4j's {@link HttpException} so that each chat model
 * maps it as it maps any HTTP error (429 to a rate-limit exception, and so on), and it has no cause of its own, so
 * the mapper keeps it as the cause of what it throws: the status, the backend's {@code Retry-After} and the start of
 * the error body survive every provider's wrapping.
 */
public final class BackendStatusException extends HttpException {

    private final Duration retryAfter;
    private final String bodySample;

    public BackendStatusException(int status, Duration retryAfter, String bodySample) {
        super(status, "HTTP " + status);
        this.retryAfter = retryAfter;
        this.bodySample = bodySample;
    }

    /** How long the backend asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The first bytes of the error body (for recognising a context-length error), never logged. */
    public String bodySample() {
        return bodySample;
    }
}
