package dev.precis.api;

import dev.precis.deadline.RequestCancelledException;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;

/**
 * Reading a request body within {@code PRECIS_BODY_TIMEOUT}. The thread reading it is known to the request, so that
 * the upload timer of {@link RequestAdmission} can interrupt it: a body sent a byte now and then ends in a 408 from
 * the normal error path (and its connection closed), not in a place held for as long as the client likes.
 */
final class Upload {

    private static final String READER = "precis.body-reader";
    private static final String EXPIRED = "precis.body-expired";

    private Upload() {
    }

    /**
     * The whole body, at most {@code limit} bytes.
     *
     * @throws BodyTimeoutException when the upload ran out of time
     * @throws RequestCancelledException when the client went away before the body was complete
     */
    static byte[] read(RoutingContext rc, InputStream body, long limit) {
        if (rc == null) {
            return BoundedBody.readAll(body, limit);
        }
        return timed(rc, () -> BoundedBody.readAll(body, limit));
    }

    /**
     * The whole body copied to {@code out} as it arrives (never held), at most {@code limit} bytes; the same timer
     * and departures as {@link #read}.
     *
     * @return the number of bytes copied
     */
    static long copy(RoutingContext rc, InputStream body, long limit, java.io.OutputStream out) {
        return timed(rc, () -> {
            long copied = 0;
            InputStream bounded = new BoundedBody(body, limit);
            byte[] buffer = new byte[64 * 1024];
            while (true) {
                int n;
                try {
                    n = bounded.read(buffer);
                } catch (java.io.IOException e) {
                    throw new RequestCancelledException(); // the client went away, or was cut off
                }
                if (n < 0) {
                    break;
                }
                try {
                    out.write(buffer, 0, n);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e); // ours (a full disk): not the client's doing
                }
                copied += n;
            }
            try {
                body.close();
            } catch (java.io.IOException e) {
                // read to its end already
            }
            return copied;
        });
    }

    /**
     * Runs a read of the body as the request's reader: the upload timer interrupts it, and a read cut short by that
     * timer is a 408, not a departure.
     */
    private static <T> T timed(RoutingContext rc, java.util.function.Supplier<T> reading) {
        rc.put(READER, Thread.currentThread());
        try {
            if (Boolean.TRUE.equals(rc.get(EXPIRED))) {
                throw new BodyTimeoutException();
            }
            return reading.get();
        } catch (RequestCancelledException e) {
            if (Boolean.TRUE.equals(rc.get(EXPIRED))) {
                Thread.interrupted();
                throw new BodyTimeoutException();
            }
            throw e;
        } finally {
            rc.remove(READER);
        }
    }

    /** Called by the upload timer: the body has not arrived in time; its reader is stopped. */
    static void expire(RoutingContext rc) {
        rc.put(EXPIRED, true);
        Thread reader = rc.get(READER);
        if (reader != null) {
            reader.interrupt();
        }
    }
}
