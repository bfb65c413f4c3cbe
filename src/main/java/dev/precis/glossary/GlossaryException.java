package dev.precis.glossary;

/** A request's glossary cannot be used; the message names what is wrong and is safe to show the client. */
public class GlossaryException extends RuntimeException {

    /** What kind of refusal: each is its own problem type. */
    public enum Reason {
        /** The named glossary is not loaded, or the key may not use it (400). */
        UNKNOWN,
        /** More inline entries than allowed (413). */
        TOO_LARGE,
        /** An inline entry is malformed (400). */
        INVALID
    }

    private final Reason reason;

    public GlossaryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
