package dev.precis.api;

/** A request body that turned out, while it was read, to be larger than the limit (a chunked body declares no size). */
final class BodyTooLargeException extends RuntimeException {

    private final long limit;
    private final boolean batch;

    BodyTooLargeException(long limit) {
        this(limit, false);
    }

    BodyTooLargeException(long limit, boolean batch) {
        super("body over " + limit + " bytes", null, false, false);
        this.limit = limit;
        this.batch = batch;
    }

    long limit() {
        return limit;
    }

    /** A batch body (PRECIS_BATCH_MAX_BYTES), answered as such. */
    boolean batch() {
        return batch;
    }
}
