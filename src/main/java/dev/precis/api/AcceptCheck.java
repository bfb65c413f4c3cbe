package dev.precis.api;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.Method;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose Accept header rules out what the resource produces (JSON, or JSON Lines for batch
 * results) before the resource runs. Left to content negotiation, the 406 would only come after the digest was
 * made, and its LLM calls paid for.
 */
public class AcceptCheck {

    @ServerRequestFilter
    public void requireAcceptable(ContainerRequestContext request, ResourceInfo resource) {
        List<MediaType> produced = produced(resource);
        boolean acceptable = request.getAcceptableMediaTypes().stream()
                .anyMatch(type -> produced.stream().anyMatch(type::isCompatible));
        if (!acceptable) {
            throw new NotAcceptableException();
        }
    }

    /** What each resource method produces, read once (this runs on every request). */
    private static final java.util.Map<Method, List<MediaType>> PRODUCED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<MediaType> JSON_ONLY = List.of(MediaType.APPLICATION_JSON_TYPE);

    private static List<MediaType> produced(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return JSON_ONLY;
        }
        return PRODUCED.computeIfAbsent(method, ignored -> read(resource, method));
    }

    private static List<MediaType> read(ResourceInfo resource, Method method) {
        Produces produces = method.getAnnotation(Produces.class);
        if (produces == null && resource.getResourceClass() != null) {
            produces = resource.getResourceClass().getAnnotation(Produces.class);
        }
        if (produces == null) {
            return JSON_ONLY;
        }
        return java.util.Arrays.stream(produces.value()).flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip).map(MediaType::valueOf).toList();
    }
}
