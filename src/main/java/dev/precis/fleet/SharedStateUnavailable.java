package dev.precis.fleet;

/** Shared state could not be used for this operation (off, Redis down, or it refused): the caller goes on without. */
public class SharedStateUnavailable extends RuntimeException {

    public SharedStateUnavailable(String message) {
        super(message, null, false, false);
    }
}
