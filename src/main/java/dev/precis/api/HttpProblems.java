package dev.precis.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.llm.RetryAfter;
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
}
