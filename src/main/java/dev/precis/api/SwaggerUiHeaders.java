package dev.precis.api;

import dev.precis.config.PrecisConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Swagger UI's page starts itself with inline scripts and styles, which the service-wide Content-Security-Policy
 * ({@code script-src 'self'}) forbids. On Swagger UI's own files only, the policy allows inline script and style and
 * data: images; it still loads nothing from elsewhere, connects only to this service, and may not be framed.
 */
@ApplicationScoped
public class SwaggerUiHeaders {

    static final String POLICY = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final boolean enabled;

    SwaggerUiHeaders(PrecisConfig config) {
        this.enabled = config.swaggerUi();
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::filter, 900);
        }
    }

    private void filter(RoutingContext rc) {
        if (AuthFilter.isSwaggerUiFile(rc.request().method().name(), rc.normalizedPath())) {
            // When the headers go out, after the service-wide ones were set.
            rc.addHeadersEndHandler(ignored -> rc.response().headers().set("Content-Security-Policy", POLICY));
        }
        rc.next();
    }
}
