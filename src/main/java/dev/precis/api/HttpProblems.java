package dev.precis.api;

import dev.precis.model.Problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.llm.RetryAfter;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** Ends an exchange with a problem+json answer from the HTTP layer, where JAX-RS exception mappers do not reach. */
final class HttpProblems {

    private HttpProblems() {
    }

    static void send(RoutingContext rc, ObjectMapper json, Problem problem, Duration retryAfter) {
        if (retryAfter != null) {
            rc.response().putHeader("Retry-After", RetryAfter.headerValue(retryAfter));
        }
        try {
            rc.response().setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }

    /**
     * Answers, then closes the connection: for a request whose body is not going to be read (too large, or refused
     * before it was read). Draining it would cost what the limit is there to save; leaving it unread would leave
     * the connection open for as long as the client likes.
     */
    static void sendAndClose(RoutingContext rc, ObjectMapper json, Problem problem) {
        sendAndClose(rc, json, problem, null);
    }

    static void sendAndClose(RoutingContext rc, ObjectMapper json, Problem problem, Duration retryAfter) {
        rc.response().putHeader("Connection", "close");
        if (rc.request().version() != HttpVersion.HTTP_2) {
            rc.addEndHandler(ended -> rc.request().connection().close());
        }
        send(rc, json, problem, retryAfter);
    }
}
