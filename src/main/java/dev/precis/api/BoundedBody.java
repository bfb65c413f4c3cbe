package dev.precis.api;

import dev.precis.deadline.RequestCancelledException;
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

    BoundedBody(InputStream body, long limit) {
        super(body);
        this.limit = limit;
    }

    /**
     * The whole body, at most {@code limit} bytes.
     *
     * @throws RequestCancelledException when the client went away (or was cut off) before the body was complete:
     *     nobody is left to answer, and it is no error of ours
     */
    static byte[] readAll(InputStream body, long limit) {
        // Not closed on failure: closing the server's stream drains the rest of the body, which is what a body over
        // the limit, or one that stopped arriving, must not get. Its connection is closed after the answer instead.
        byte[] bytes;
        try {
            bytes = new BoundedBody(body, limit).readAllBytes();
        } catch (IOException e) {
            throw new RequestCancelledException();
        }
        try {
            body.close();
        } catch (IOException e) {
            // read to its end already: nothing left to release
        }
        return bytes;
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
            throw new BodyTooLargeException(limit);
        }
    }
}
