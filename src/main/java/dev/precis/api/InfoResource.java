package dev.precis.api;

import dev.precis.config.PrecisConfig;
import dev.precis.llm.LlmGateway;
import dev.precis.prompt.PromptLibrary;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/info}: what is live — the build, each backend's provider, model and structured-output mode, the
 * prompt version, and the limits a client must stay within. No URLs, no keys. Protected like every /v1 path.
 */
@Path("/v1/info")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service")
public class InfoResource {

    /** The service as a client sees it. */
    public record Info(String service, String version, String commit, List<Backend> backends, String promptVersion,
            Limits limits) {
    }

    /** One LLM backend, without its URL or key. */
    public record Backend(String name, String provider, String model, String structuredOutput) {
    }

    /** What a client must stay within. */
    public record Limits(int maxArticleChars, long maxBodyBytes, int maxTitleChars, int maxCallsPerArticle,
            long requestDeadlineSeconds, long bodyTimeoutSeconds, List<String> languages) {
    }

    private final Info info;

    InfoResource(LlmGateway gateway, PromptLibrary prompts, PrecisConfig config, ServiceBuild build) {
        this.info = new Info("precis", build.version(), build.commit(),
                gateway.backends().stream().map(backend -> new Backend(backend.client().name(),
                        backend.client().provider().setting(), backend.client().model(),
                        backend.client().structuredOutput().setting())).toList(),
                prompts.current().version(),
                new Limits(config.maxArticleChars(), config.maxBodyBytes(), 1_000, config.maxCallsPerArticle(),
                        config.requestDeadline().toSeconds(), config.bodyTimeout().toSeconds(), config.languages()));
    }

    @GET
    @Operation(summary = "What is live: version, commit, backends, prompt version and limits")
    public Info info() {
        return info;
    }
}
