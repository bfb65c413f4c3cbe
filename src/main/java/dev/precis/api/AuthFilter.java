package dev.precis.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.config.PrecisConfig;
import dev.precis.security.ApiKeys;
import dev.precis.security.Client;
import dev.precis.security.QuotaExceededException;
import dev.precis.security.Quotas;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Optional;

/**
 * API keys and the per-minute request quota, checked on the HTTP layer before anything else: before the body is
 * read or parsed, and so before any LLM call. Health endpoints stay open; metrics and the OpenAPI document are
 * protected as configured. The client a key belongs to travels on with the request.
 */
@ApplicationScoped
public class AuthFilter {

    /** Where the authenticated {@link Client} is kept on the routing context. */
    public static final String CLIENT = "precis.client";
    /** Before Quarkus's own handlers, body reading included. */
    private static final int PRIORITY = 1_000;

    private final ApiKeys keys;
    private final Quotas quotas;
    private final ObjectMapper json;
    private final boolean protectMetrics;
    private final boolean protectOpenapi;

    AuthFilter(ApiKeys keys, Quotas quotas, ObjectMapper json, PrecisConfig config) {
        this.keys = keys;
        this.quotas = quotas;
        this.json = json;
        this.protectMetrics = config.protectMetrics();
        this.protectOpenapi = config.protectOpenapi();
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext rc) {
        if (!keys.required() || !isProtected(rc.normalizedPath())) {
            rc.next();
            return;
        }
        Optional<Client> client = keys.authenticate(presentedKey(rc.request()));
        if (client.isEmpty()) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            HttpProblems.send(rc, json, ProblemType.UNAUTHORIZED.with(
                    "A valid API key is required: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."), null);
            return;
        }
        try {
            quotas.admitRequest(client.get());
        } catch (QuotaExceededException e) {
            HttpProblems.send(rc, json, ProblemType.QUOTA_EXCEEDED.with(e.getMessage()), e.retryAfter());
            return;
        }
        rc.put(CLIENT, client.get());
        rc.next();
    }

    private boolean isProtected(String path) {
        if (path.startsWith("/v1/")) {
            return true;
        }
        if (path.startsWith("/q/metrics")) {
            return protectMetrics;
        }
        return path.startsWith("/q/openapi") && protectOpenapi;
    }

    private static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return authorization.substring("bearer ".length()).strip();
        }
        return request.getHeader("X-API-Key");
    }
}
