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
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * API keys and the per-minute request quota, checked on the HTTP layer before anything else: before the body is
 * read or parsed, and so before any LLM call.
 *
 * <p>Deny by default: a request needs a key unless its path is, exactly, one of a short list of open paths (health,
 * the page and its files, and the OpenAPI document or metrics when configured open). The path compared is the one
 * the router itself matches on ({@link RoutingContext#normalizedPath()}: percent-decoded where that is safe, dot
 * segments resolved), and it must equal an open path character for character. Any other spelling — matrix
 * parameters ({@code /v1;x/digests}), doubled slashes, another case, encoded separators — is simply not on the list,
 * so it needs a key whatever route it would reach.
 */
@ApplicationScoped
public class AuthFilter {

    /** Where the authenticated {@link Client} is kept on the routing context. */
    public static final String CLIENT = "precis.client";
    /** Before Quarkus's own handlers, body reading included. */
    private static final int PRIORITY = 1_000;

    /** The page and the files it loads (src/main/resources/META-INF/resources). */
    static final Set<String> PAGE = Set.of("/", "/index.html", "/app.css", "/app.js");
    /** Probes: they must answer without a key, and none of them says anything a client could use. */
    static final Set<String> HEALTH = Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");

    private final ApiKeys keys;
    private final Quotas quotas;
    private final ObjectMapper json;
    private final Set<String> open;

    AuthFilter(ApiKeys keys, Quotas quotas, ObjectMapper json, PrecisConfig config) {
        this.keys = keys;
        this.quotas = quotas;
        this.json = json;
        this.open = openPaths(config.protectMetrics(), config.protectOpenapi());
    }

    /** The exact paths reachable without a key; every other path needs one. */
    static Set<String> openPaths(boolean protectMetrics, boolean protectOpenapi) {
        Set<String> open = new HashSet<>(PAGE);
        open.addAll(HEALTH);
        if (!protectMetrics) {
            open.add("/q/metrics");
        }
        if (!protectOpenapi) {
            open.add("/q/openapi");
        }
        return Set.copyOf(open);
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext rc) {
        if (!keys.required() || open.contains(rc.normalizedPath())) {
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

    private static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return authorization.substring("bearer ".length()).strip();
        }
        return request.getHeader("X-API-Key");
    }
}
