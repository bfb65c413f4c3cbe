package dev.precis.llm;

/** Why an LLM call produced no answer, in the terms a client of ours can act on. */
public enum LlmFailure {
    /** No connection could be made or it broke: the backend is down or unreachable. */
    UNREACHABLE,
    /** The call did not finish within the per-call timeout. */
    TIMEOUT,
    /** The backend is overloaded: it answered 429 or a 5xx status. */
    OVERLOADED,
    /** The backend refused the request (400, 401, 403, 404...): a configuration problem on our side. */
    REJECTED,
    /** The backend answered with something that is not a chat completion. */
    MALFORMED
}
