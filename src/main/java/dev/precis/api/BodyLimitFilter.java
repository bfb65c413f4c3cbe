package dev.precis.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.config.PrecisConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose declared body is over {@code PRECIS_MAX_BODY_BYTES} with a 413 problem before a byte of
 * it is read. A chunked body with no declared length is cut by the server's own limit (same size) as it arrives.
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** After the API key check, before Quarkus's handlers. */
    private static final int PRIORITY = 900;

    private final long maxBytes;
    private final ObjectMapper json;

    BodyLimitFilter(PrecisConfig config, ObjectMapper json) {
        this.maxBytes = config.maxBodyBytes();
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext rc) {
        String declared = rc.request().getHeader("Content-Length");
        if (declared == null || !declared.matches("\\d{1,18}") || Long.parseLong(declared) <= maxBytes) {
            rc.next();
            return;
        }
        Problem problem = ProblemType.BODY_TOO_LARGE.with("The request body has " + declared
                + " bytes; the limit is " + maxBytes + ".");
        HttpProblems.sendAndClose(rc, json, problem);
    }
}
