package dev.precis.llm.transport;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.precis.llm.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Our HTTP client under every LangChain4j chat model: the JDK's client, used so that each attempt keeps the
 * guarantees of precis whatever the provider —
 * <ul>
 * <li>a hard time limit over the whole exchange ({@link Attempt#timeout()}), not an idle timeout: a backend that
 * hangs or drips bytes is cut off;</li>
 * <li>cancellation on the wire: when the calling thread is interrupted (the client left, the deadline came) the
 * exchange is aborted and the backend sees the connection close;</li>
 * <li>a bounded, strictly decoded body ({@link BoundedResponse});</li>
 * <li>an error status comes out as {@link BackendStatusException} with the backend's {@code Retry-After}.</li>
 * </ul>
 * The timeouts the chat model builders ask for are ignored: the budget is ours, per attempt.
 */
public final class PrecisHttpClient implements HttpClient {

    private final java.net.http.HttpClient http;
    private final Clock clock;

    PrecisHttpClient(java.net.http.HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        Attempt attempt = Attempt.current();
        if (Thread.interrupted()) {
            // The client left before the call went out: do not start it.
            Thread.currentThread().interrupt();
            throw new TransportFailure(TransportFailure.Kind.CANCELLED, "cancelled before sending");
        }
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(toJdk(request, attempt.timeout()), BoundedResponse.handler(attempt.maxResponseBytes()));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(attempt.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransportFailure(TransportFailure.Kind.CANCELLED, "cancelled: the exchange was aborted");
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new TransportFailure(TransportFailure.Kind.TIMEOUT,
                    "no complete answer within " + attempt.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            Duration retryAfter = response.headers().firstValue("Retry-After")
                    .flatMap(value -> RetryAfter.parse(value, clock.instant())).orElse(null);
            throw new BackendStatusException(status, retryAfter, new String(response.body(), StandardCharsets.UTF_8));
        }
        String body;
        try {
            body = BoundedResponse.utf8(response.body());
        } catch (CharacterCodingException e) {
            throw new TransportFailure(TransportFailure.Kind.MALFORMED, "HTTP " + status + " body is not valid UTF-8");
        }
        attempt.received(body);
        return SuccessfulHttpResponse.builder().statusCode(status).headers(response.headers().map()).body(body).build();
    }

    /** precis never streams: an answer is validated whole. */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("precis does not stream answers");
    }

    private static java.net.http.HttpRequest toJdk(HttpRequest request, Duration timeout) {
        URI uri = URI.create(request.url());
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri).timeout(timeout);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        // HTTP/2 where TLS can negotiate it (hosted APIs multiplex many calls on one connection); plain HTTP/1.1
        // otherwise, as in-cluster servers speak it and an h2c upgrade attempt only costs a round trip.
        builder.version("https".equals(uri.getScheme()) ? java.net.http.HttpClient.Version.HTTP_2
                : java.net.http.HttpClient.Version.HTTP_1_1);
        return builder.build();
    }

    private static TransportFailure failure(Throwable cause) {
        if (cause instanceof BoundedResponse.TooLarge tooLarge) {
            return new TransportFailure(TransportFailure.Kind.MALFORMED,
                    "answer larger than " + tooLarge.limit() + " bytes, refused");
        }
        if (cause instanceof HttpTimeoutException) {
            return new TransportFailure(TransportFailure.Kind.TIMEOUT, "timed out: " + cause.getMessage());
        }
        if (cause instanceof IOException) {
            return new TransportFailure(TransportFailure.Kind.UNREACHABLE,
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
        return new TransportFailure(TransportFailure.Kind.MALFORMED, String.valueOf(cause));
    }
}
