package dev.precis.llm;

/** Why an LLM call produced no answer, in the terms a client of ours can act on. */
public enum LlmFailure {
    /** No connection could be made, or it broke before the answer was complete. */
    UNREACHABLE(true, true),
    /** The call did not finish within the per-attempt timeout. */
    TIMEOUT(true, true),
    /** The backend is overloaded or failing: it answered 429, 500, 502, 503 or 504. */
    OVERLOADED(true, true),
    /** The backend refused the request (400, 401, 403, 404...): a configuration problem on our side. */
    REJECTED(false, false),
    /** The article and prompt do not fit the model's context window. */
    CONTEXT_TOO_LONG(false, false),
    /** The backend answered with something that is not a chat completion. */
    MALFORMED(false, false),
    /** The backend's circuit breaker is open: no call was made. */
    CIRCUIT_OPEN(false, false);

    private final boolean retryable;
    private final boolean backendFault;

    LlmFailure(boolean retryable, boolean backendFault) {
        this.retryable = retryable;
        this.backendFault = backendFault;
    }

    /** Whether trying again (after a wait) may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** Whether the failure says the backend is unhealthy, and so counts towards opening its circuit breaker. */
    public boolean backendFault() {
        return backendFault;
    }
}
