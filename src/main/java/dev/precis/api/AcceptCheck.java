package dev.precis.api;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose Accept header rules out JSON before the resource runs. Left to content negotiation,
 * the 406 would only come after the digest was made, and its LLM calls paid for.
 */
public class AcceptCheck {

    @ServerRequestFilter
    public void requireJsonAcceptable(ContainerRequestContext request) {
        boolean jsonAcceptable = request.getAcceptableMediaTypes().stream()
                .anyMatch(type -> type.isCompatible(MediaType.APPLICATION_JSON_TYPE));
        if (!jsonAcceptable) {
            throw new NotAcceptableException();
        }
    }
}
