package dev.precis.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read no further than the limit: a body that declares its length is refused before it is read
 * ({@link BodyLimitFilter}); one sent in chunks is cut here, at the first byte over, with the same 413 problem.
 */
final class BoundedBody extends FilterInputStream {

    private final long limit;
    private long read;
    private boolean overLimit;

    BoundedBody(InputStream body, long limit) {
        super(body);
        this.limit = limit;
    }

    /** The whole body, at most {@code limit} bytes. */
    static byte[] readAll(InputStream body, long limit) throws IOException {
        try (InputStream bounded = new BoundedBody(body, limit)) {
            return bounded.readAllBytes();
        }
    }

    /** Closing the server's stream would drain the rest of the body; one over the limit is left unread instead. */
    @Override
    public void close() throws IOException {
        if (!overLimit) {
            super.close();
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int bytes) {
        read += bytes;
        if (read > limit) {
            overLimit = true;
            throw new BodyTooLargeException(limit);
        }
    }
}
