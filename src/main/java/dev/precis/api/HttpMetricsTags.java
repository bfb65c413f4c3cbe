package dev.precis.api;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the HTTP server metrics to a fixed set of series whatever clients send. Each distinct method name and path
 * would otherwise become a series of its own, kept for the life of the process: junk requests (even refused ones)
 * could grow the heap without bound, or use up Micrometer's limit on path values so real traffic goes unrecorded.
 * Methods outside the HTTP standard's become {@code OTHER}; paths that are not ours become {@code other}.
 */
@Singleton
public class HttpMetricsTags {

    /** Every resource class of the API: their paths are the ones recorded as they are. */
    static final List<Class<?>> RESOURCES = List.of(DigestResource.class, BackendsResource.class, InfoResource.class);
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final Set<String> paths = knownPaths();

    static Set<String> knownPaths() {
        Set<String> known = new HashSet<>(AuthFilter.PAGE);
        known.addAll(Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics",
                "/q/openapi", "NOT_FOUND", "REDIRECTION", "UNKNOWN", "root"));
        for (Class<?> resource : RESOURCES) {
            known.add(resource.getAnnotation(Path.class).value());
        }
        return Set.copyOf(known);
    }

    @Produces
    @Singleton
    MeterFilter boundedHttpServerTags() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("http.server")) {
                    return id;
                }
                List<Tag> tags = new ArrayList<>();
                for (Tag tag : id.getTagsAsIterable()) {
                    tags.add(switch (tag.getKey()) {
                        case "method" -> METHODS.contains(tag.getValue()) ? tag : Tag.of("method", "OTHER");
                        case "uri" -> paths.contains(tag.getValue()) ? tag : Tag.of("uri", "other");
                        default -> tag;
                    });
                }
                return id.replaceTags(tags);
            }
        };
    }
}
