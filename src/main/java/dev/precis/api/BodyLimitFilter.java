package dev.precis.api;

import dev.precis.model.ProblemType;
import dev.precis.model.Problem;

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
    private final long maxBatchBytes;
    private final ObjectMapper json;

    BodyLimitFilter(PrecisConfig config, ObjectMapper json) {
        this.maxBytes = config.maxBodyBytes();
        this.maxBatchBytes = config.batch().maxBytes();
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext rc) {
        String declared = rc.request().getHeader("Content-Length");
        // a batch body has its own, larger limit: the route the request reaches decides, never a prefix of the path
        boolean batch = "/v1/batches".equals(rc.normalizedPath()) && "POST".equals(rc.request().method().name());
        long limit = batch ? maxBatchBytes : maxBytes;
        if (declared == null || !declared.matches("\\d{1,18}") || Long.parseLong(declared) <= limit) {
            rc.next();
            return;
        }
        Problem problem = (batch ? ProblemType.BATCH_TOO_LARGE : ProblemType.BODY_TOO_LARGE).with("The request body has "
                + declared + " bytes; the limit is " + limit + (batch ? " (PRECIS_BATCH_MAX_BYTES)." : "."));
        HttpProblems.sendAndClose(rc, json, problem);
    }
}
