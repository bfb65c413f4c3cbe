package dev.precis.api;

import dev.precis.model.Problem;

import dev.precis.config.PrecisConfig;
import dev.precis.deadline.Deadline;
import dev.precis.model.Digest;
import dev.precis.digest.DigestRequest;
import dev.precis.digest.DigestService;
import dev.precis.digest.InvalidRequestException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/digests}: an article in, its English meeting digest out. The body is read on a virtual thread (so a
 * slow upload holds no platform thread); the digest is made on another, under {@link RequestScope}, whose answer
 * leaves at the deadline whatever the work is doing.
 */
@Path("/v1/digests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Digests")
@APIResponse(responseCode = "200", description = "The digest of the article.",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Digest.class)))
@APIResponse(responseCode = "400", description = "Malformed JSON, unknown field, missing or blank text, bad date.",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unknown field", value = ApiExamples.PROBLEM_INVALID_REQUEST)))
@APIResponse(responseCode = "413", description = "The article is longer than PRECIS_MAX_ARTICLE_CHARS.",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "too long", value = ApiExamples.PROBLEM_TOO_LONG)))
@APIResponse(responseCode = "415", description = "Neither application/json nor text/plain.",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "media type", value = ApiExamples.PROBLEM_UNSUPPORTED)))
@APIResponse(responseCode = "429", description = "Too many digests under way; see Retry-After.",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "502", description = "No usable answer from the model after repairs, or the backend refused us.",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "invalid answer", value = ApiExamples.PROBLEM_INVALID_ANSWER)))
@APIResponse(responseCode = "503", description = "The LLM backend is unreachable, overloaded or failing; see Retry-After.",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unreachable", value = ApiExamples.PROBLEM_UNAVAILABLE)))
@APIResponse(responseCode = "504", description = "No answer within PRECIS_LLM_TIMEOUT, or the request deadline ran out.",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "timeout", value = ApiExamples.PROBLEM_TIMEOUT)))
public class DigestResource {

    private static final Set<String> PLAIN_TEXT_OPTIONS = Set.of("includeTranslation", "publishedAt", "sourceLanguage",
            "glossary");

    private final DigestService digests;
    private final long maxBodyBytes;
    private final Duration requestDeadline;

    DigestResource(DigestService digests, PrecisConfig config) {
        this.digests = digests;
        this.maxBodyBytes = config.maxBodyBytes();
        this.requestDeadline = config.requestDeadline();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @RunOnVirtualThread
    @Operation(summary = "Digest an article sent as JSON")
    public CompletionStage<Digest> fromJson(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DigestRequestBody.class))) DigestRequestBody body,
            @Context UriInfo uri, @Context RoutingContext http) {
        Deadline deadline = RequestAdmission.deadline(http, requestDeadline);
        QueryParams.requireOnly(uri, Set.of());
        if (body == null) {
            throw new InvalidRequestException("The body must be a JSON object with a 'text' field.");
        }
        DigestRequest request = body.toRequest(http.get(AuthFilter.CLIENT));
        return RequestScope.run(http.request(), deadline, () -> digests.digest(request, deadline));
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Blocking
    @RunOnVirtualThread
    @Operation(summary = "Digest an article sent as plain text")
    public CompletionStage<Digest> fromText(@RequestBody(description = "The article as plain text, UTF-8 unless the Content-Type's "
            + "charset says otherwise.") InputStream body,
            @QueryParam("includeTranslation") @Parameter(description = "true to also get a full English translation")
            String includeTranslation,
            @QueryParam("publishedAt") @Parameter(description = "publication date, YYYY-MM-DD") String publishedAt,
            @QueryParam("sourceLanguage") @Parameter(description = "ISO 639-1 code, or auto") String sourceLanguage,
            @QueryParam("glossary") @Parameter(description = "a named glossary; by default the key's own, none for none")
            String glossary,
            @Context UriInfo uri, @Context HttpHeaders headers, @Context RoutingContext http) {
        Deadline deadline = RequestAdmission.deadline(http, requestDeadline);
        QueryParams.requireOnly(uri, PLAIN_TEXT_OPTIONS);
        String text = StrictText.decode(Upload.read(http, body, maxBodyBytes), headers.getMediaType());
        DigestRequest request = new DigestRequest(text, null, RequestDates.parse(publishedAt),
                sourceLanguage, QueryParams.flag("includeTranslation", includeTranslation), http.get(AuthFilter.CLIENT),
                glossary, List.of());
        return RequestScope.run(http.request(), deadline, () -> digests.digest(request, deadline));
    }
}
