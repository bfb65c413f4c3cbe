package dev.precis.llm.transport;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a backend's response body no further than a limit, so that a backend — broken or hostile — cannot make us
 * hold more than a few times what the answer we asked for can take. A successful response over the limit fails
 * with {@link TooLarge} (and the connection is dropped); an error response is only sampled, its first bytes being
 * all we read of it. Text is decoded strictly: bytes that are not UTF-8 are an unusable answer, not a quietly
 * repaired one.
 */
public final class BoundedResponse {

    /** Bytes of an error body kept: enough to recognise a context-length error. */
    static final int ERROR_SAMPLE_BYTES = 4_096;
    /** Room for the response envelope (ids, usage, finish reason) around the answer itself. */
    private static final long ENVELOPE_BYTES = 64 * 1024;
    /** Bytes allowed per output token: a token is about 4 bytes of text, and up to 6 once JSON-escaped twice. */
    private static final long BYTES_PER_TOKEN = 24;

    private BoundedResponse() {
    }

    /** The most bytes read of a successful response to a call with this output token budget. */
    public static long limitFor(int maxOutputTokens) {
        return ENVELOPE_BYTES + BYTES_PER_TOKEN * maxOutputTokens;
    }

    /** Successful responses read up to {@code limit} bytes (more fails), others sampled. */
    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> info.statusCode() / 100 == 2
                ? new Subscriber(limit, true)
                : new Subscriber(ERROR_SAMPLE_BYTES, false);
    }

    /** The body as UTF-8, strictly. */
    static String utf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
    }

    /** The body was larger than the limit. */
    static final class TooLarge extends RuntimeException {

        private final long limit;

        TooLarge(long limit) {
            super("response body over " + limit + " bytes", null, false, false);
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {

        private final long limit;
        private final boolean failOverLimit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Subscriber(long limit, boolean failOverLimit) {
            this.limit = limit;
            this.failOverLimit = failOverLimit;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = (int) Math.min(Integer.MAX_VALUE, limit - bytes.size());
                if (buffer.remaining() > room) {
                    subscription.cancel();
                    if (failOverLimit) {
                        body.completeExceptionally(new TooLarge(limit));
                    } else {
                        copy(buffer, room);
                        body.complete(bytes.toByteArray());
                    }
                    return;
                }
                copy(buffer, buffer.remaining());
            }
        }

        private void copy(ByteBuffer buffer, int count) {
            byte[] chunk = new byte[count];
            buffer.get(chunk);
            bytes.write(chunk, 0, count);
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}
