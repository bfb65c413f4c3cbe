package dev.precis.api;

import dev.precis.model.ProblemType;

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
 * <p>Deny by default: a request needs a key unless its path is, exactly, one of a short list of open paths (the page
 * and its files, and the OpenAPI document unless configured protected). The path compared is the one
 * the router itself matches on ({@link RoutingContext#normalizedPath()}: percent-decoded where that is safe, dot
 * segments resolved), and it must equal an open path character for character. Any other spelling — matrix
 * parameters ({@code /v1;x/digests}), doubled slashes, another case, encoded separators — is simply not on the list,
 * so it needs a key whatever route it would reach.
 */
@ApplicationScoped
public class AuthFilter {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AuthFilter.class);

    /** Where the authenticated {@link Client} is kept on the routing context. */
    public static final String CLIENT = "precis.client";
    /** Before Quarkus's own handlers, body reading included. */
    private static final int PRIORITY = 1_000;

    /** The page and the files it loads (src/main/resources/META-INF/resources). */
    static final Set<String> PAGE = Set.of("/", "/index.html", "/app.css", "/app.js");
    static final String SWAGGER_UI = "/q/swagger-ui";

    private final ApiKeys keys;
    private final Quotas quotas;
    private final ObjectMapper json;
    private final Set<String> open;
    private final boolean swaggerUiOpen;

    AuthFilter(ApiKeys keys, Quotas quotas, ObjectMapper json, PrecisConfig config) {
        this.keys = keys;
        this.quotas = quotas;
        this.json = json;
        this.open = openPaths(config.protectOpenapi());
        this.swaggerUiOpen = config.swaggerUi() && !config.protectOpenapi();
    }

    /**
     * Swagger UI's own files, when it is on and the document it shows is open: {@code /q/swagger-ui}, its folder, and
     * one file name in it (letters, digits, dots, dashes: no further segment, no parameter), read with GET or HEAD.
     * They are static files of the jar; every call they make to the API needs a key like any other.
     */
    static boolean isSwaggerUiFile(String method, String path) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        if (path.equals(SWAGGER_UI) || path.equals(SWAGGER_UI + "/")) {
            return true;
        }
        if (!path.startsWith(SWAGGER_UI + "/")) {
            return false;
        }
        String name = path.substring(SWAGGER_UI.length() + 1);
        if (name.isEmpty() || name.length() > 64 || name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The exact paths of the main port reachable without a key; every other path needs one. (Health and metrics are
     * not on this port: they have the management port, which clients do not reach.)
     */
    static Set<String> openPaths(boolean protectOpenapi) {
        Set<String> open = new HashSet<>(PAGE);
        if (!protectOpenapi) {
            open.add("/q/openapi");
        }
        return Set.copyOf(open);
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        String method = rc.request().method().name();
        // open paths are open to reading only: any other method on them needs a key like everything else
        if (!keys.required() || open.contains(path) && ("GET".equals(method) || "HEAD".equals(method))
                || swaggerUiOpen && isSwaggerUiFile(method, path)) {
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
        if (!quotas.asksRedis(client.get())) {
            admit(rc, client.get());
            return;
        }
        // The fleet's quota is a round trip to Redis: never on the event loop, which serves every other connection.
        // The request waits, paused, on a virtual thread of its own, then goes on where it was.
        rc.request().pause();
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        Thread.ofVirtual().name("precis-quota").start(() -> {
            Throwable outcome = null;
            try {
                quotas.admitRequest(client.get());
            } catch (Throwable e) {
                outcome = e;
            }
            Throwable failure = outcome;
            // whatever happened, the request goes on where it was: it is never left paused
            context.runOnContext(ignored -> {
                rc.request().resume();
                if (failure instanceof QuotaExceededException refused) {
                    HttpProblems.send(rc, json, ProblemType.QUOTA_EXCEEDED.with(refused.getMessage()), refused.retryAfter());
                } else if (failure != null) {
                    LOG.error("the quota check failed", failure); // ours, not the client's: Redis trouble never gets here
                    HttpProblems.send(rc, json, ProblemType.INTERNAL_ERROR.with("The request could not be admitted."),
                            null);
                } else {
                    rc.put(CLIENT, client.get());
                    rc.next();
                }
            });
        });
    }

    private void admit(RoutingContext rc, Client client) {
        try {
            quotas.admitRequest(client);
        } catch (QuotaExceededException e) {
            HttpProblems.send(rc, json, ProblemType.QUOTA_EXCEEDED.with(e.getMessage()), e.retryAfter());
            return;
        }
        rc.put(CLIENT, client);
        rc.next();
    }

    /** The key the request presents; none when it presents more than one way (which one would count is a guess). */
    private static String presentedKey(HttpServerRequest request) {
        if (request.headers().getAll("Authorization").size() > 1 || request.headers().getAll("X-API-Key").size() > 1) {
            return null;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return authorization.substring("bearer ".length()).strip();
        }
        return request.getHeader("X-API-Key");
    }
}
