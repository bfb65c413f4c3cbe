package dev.precis.llm.transport;

/**
 * Why an HTTP attempt produced no response we can use, from our side of the wire. Thrown by {@link PrecisHttpClient}
 * without a cause, so that LangChain4j passes it on untouched (its exception mapper only rewraps HTTP statuses), and
 * found again by the backend in whatever LangChain4j wrapped it in.
 */
public final class TransportFailure extends RuntimeException {

    /** What happened. */
    public enum Kind {
        /** The attempt's time limit ran out: no complete response in time. */
        TIMEOUT,
        /** No connection, or it broke before the response was complete. */
        UNREACHABLE,
        /** The calling thread was interrupted: the client left or the deadline came; the exchange was aborted. */
        CANCELLED,
        /** A response too large, or not UTF-8: not an answer we can use. */
        MALFORMED
    }

    private final Kind kind;

    public TransportFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
