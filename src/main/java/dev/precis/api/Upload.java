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
        rc.put(READER, Thread.currentThread());
        try {
            if (Boolean.TRUE.equals(rc.get(EXPIRED))) {
                throw new BodyTimeoutException();
            }
            return BoundedBody.readAll(body, limit);
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
