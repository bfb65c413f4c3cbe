package dev.precis.llm;

/** An LLM call that produced no answer. The message is for logs; clients see only {@link #failure()}. */
public class LlmCallException extends RuntimeException {

    private final LlmFailure failure;
    private final Integer backendStatus;

    public LlmCallException(LlmFailure failure, Integer backendStatus, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.backendStatus = backendStatus;
    }

    public LlmFailure failure() {
        return failure;
    }

    /** The HTTP status the backend answered, when it answered one. */
    public Integer backendStatus() {
        return backendStatus;
    }
}
