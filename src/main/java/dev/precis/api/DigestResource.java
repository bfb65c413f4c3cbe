package dev.precis.api;

import dev.precis.digest.Digest;
import dev.precis.digest.DigestRequest;
import dev.precis.digest.DigestService;
import dev.precis.digest.InvalidRequestException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /v1/digests}: an article in, its English meeting digest out. Each request runs on a virtual thread,
 * so the seconds spent waiting on the LLM hold no platform thread.
 */
@Path("/v1/digests")
@Produces(MediaType.APPLICATION_JSON)
public class DigestResource {

    private final DigestService digests;

    DigestResource(DigestService digests) {
        this.digests = digests;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Digest an article sent as JSON")
    public Digest fromJson(DigestRequestBody body) {
        if (body == null) {
            throw new InvalidRequestException("The body must be a JSON object with a 'text' field.");
        }
        return digests.digest(body.toRequest());
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @RunOnVirtualThread
    @Operation(summary = "Digest an article sent as plain text")
    public Digest fromText(String text,
            @QueryParam("includeTranslation") boolean includeTranslation,
            @QueryParam("publishedAt") String publishedAt,
            @QueryParam("sourceLanguage") String sourceLanguage) {
        return digests.digest(new DigestRequest(text, null, parseDate(publishedAt), sourceLanguage, includeTranslation));
    }

    private static LocalDate parseDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'publishedAt' must be a date written YYYY-MM-DD.");
        }
    }
}
