package dev.precis.api;

/** The request body did not arrive within {@code PRECIS_BODY_TIMEOUT}. */
final class BodyTimeoutException extends RuntimeException {

    BodyTimeoutException() {
        super("request body not received in time", null, false, false);
    }
}
