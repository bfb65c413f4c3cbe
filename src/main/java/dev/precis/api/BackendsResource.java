package dev.precis.api;

import dev.precis.llm.LlmGateway;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/backends}: each LLM backend, its provider and model, and its circuit breaker's state. No URLs, no keys. */
@Path("/v1/backends")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Backends")
public class BackendsResource {

    /** One backend as operators see it. */
    public record BackendStatus(String name, String provider, String model, String circuit) {
    }

    private final LlmGateway gateway;

    BackendsResource(LlmGateway gateway) {
        this.gateway = gateway;
    }

    @GET
    @Operation(summary = "The LLM backends and their circuit breaker state (closed, half_open or open)")
    public List<BackendStatus> backends() {
        return gateway.backends().stream()
                .map(backend -> new BackendStatus(backend.client().name(), backend.client().provider().setting(),
                        backend.client().model(),
                        backend.breaker().state().name().toLowerCase()))
                .toList();
    }
}
