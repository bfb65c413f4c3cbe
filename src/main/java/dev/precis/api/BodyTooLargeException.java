package dev.precis.api;

/** A request body that turned out, while it was read, to be larger than the limit (a chunked body declares no size). */
final class BodyTooLargeException extends RuntimeException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("body over " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
