package dev.precis.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.batch.BatchStore;
import dev.precis.batch.BatchView;
import dev.precis.batch.Batches;
import dev.precis.config.PrecisConfig;
import dev.precis.digest.InvalidRequestException;
import dev.precis.model.Problem;
import dev.precis.model.ProblemType;
import dev.precis.security.Client;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Batches over HTTP: a thin layer over {@link Batches}. Every call acts for the caller's API key, and a batch of
 * another key answers 404 as if it did not exist.
 */
@Path("/v1/batches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Batches")
public class BatchResource {

    static final String NDJSON = "application/x-ndjson";
    /**
     * Batch bodies received at once on this replica (each into a file of its own, never into memory), and never two
     * at once for one key: one client cannot keep the others out by sending slowly.
     */
    private static final int UPLOADS_AT_ONCE = 8;
    private static final int MAX_METADATA_BYTES = 4096;
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final Batches batches;
    private final ObjectMapper json;
    private final long maxBytes;
    private final Semaphore uploads = new Semaphore(UPLOADS_AT_ONCE);
    private final Set<String> receiving = java.util.concurrent.ConcurrentHashMap.newKeySet();

    BatchResource(Batches batches, ObjectMapper json, PrecisConfig config) {
        this.batches = batches;
        this.json = json;
        this.maxBytes = config.batch().maxBytes();
    }

    @POST
    @Consumes({NDJSON, "application/jsonl", MediaType.APPLICATION_JSON})
    @Blocking
    @RunOnVirtualThread
    @Operation(summary = "Submit a batch of articles",
            description = "JSON Lines (application/x-ndjson: one digest request per line, each with an optional 'id') "
                    + "or a JSON array of the same objects. Every item is checked before anything is stored: one bad "
                    + "item refuses the whole batch with 400 naming its line. 202 with the batch; Location says where "
                    + "to poll.")
    @APIResponse(responseCode = "202", description = "Accepted (or, with the same Idempotency-Key and body, the batch "
            + "accepted before).", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "400", description = "An invalid item (named by its line), or a callback URL not allowed.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used with another body.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More than PRECIS_BATCH_MAX_ITEMS items or PRECIS_BATCH_MAX_BYTES bytes.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The batch database is unavailable; see Retry-After.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@RequestBody(required = true, description = "JSON Lines or a JSON array of digest requests.")
            InputStream body,
            @QueryParam("includeTranslation") @Parameter(description = "true: every item that does not say otherwise "
                    + "also gets a full English translation") String includeTranslation,
            @QueryParam("callbackUrl") @Parameter(description = "POSTed (signed) when the batch ends; its host must be "
                    + "in PRECIS_CALLBACK_HOSTS") String callbackUrl,
            @QueryParam("metadata") @Parameter(description = "A JSON object of yours (at most 4 KB), returned with the "
                    + "batch") String metadata,
            @Context UriInfo uri, @Context HttpHeaders headers, @Context RoutingContext http) {
        QueryParams.requireOnly(uri, Set.of("includeTranslation", "callbackUrl", "metadata"));
        boolean translation = QueryParams.flag("includeTranslation", includeTranslation);
        String idempotencyKey = idempotencyKey(headers.getRequestHeaders().get("Idempotency-Key"));
        String meta = metadata(metadata);
        MediaType type = headers.getMediaType();
        String charset = type == null ? null : type.getParameters().get("charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            throw new jakarta.ws.rs.NotSupportedException("A batch is UTF-8; charset=" + charset + " is not accepted.");
        }
        boolean jsonLines = type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
        String owner = owner(http);
        if (!receiving.add(owner)) {
            throw new OverloadedException("Another batch of yours is still being received; send one at a time.");
        }
        try {
            if (!uploads.tryAcquire()) {
                throw new OverloadedException("Too many batches are being received at once; try again in 5 s.");
            }
            java.nio.file.Path spool = null;
            try {
                spool = java.nio.file.Files.createTempFile("precis-batch-", ".upload");
                MessageDigest fingerprint = sha256();
                fingerprint.update((translation + "\n" + callbackUrl + "\n" + meta + "\n" + jsonLines + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                try (OutputStream file = new java.security.DigestOutputStream(new BufferedOutputStream(
                        java.nio.file.Files.newOutputStream(spool), 64 * 1024), fingerprint)) {
                    Upload.copy(http, body, maxBytes, file);
                } catch (BodyTooLargeException e) {
                    throw new BodyTooLargeException(e.limit(), true);
                }
                Batches.Submission submission = batches.submit(owner, idempotencyKey,
                        HexFormat.of().formatHex(fingerprint.digest()), new Batches.Options(callbackUrl, meta),
                        BatchUpload.of(spool, jsonLines, translation));
                // relative: the Host header a client sent is not ours to repeat
                Response.ResponseBuilder response = Response.status(202).entity(submission.batch())
                        .header("Location", "/v1/batches/" + submission.batch().id());
                if (submission instanceof Batches.Submission.Replayed) {
                    response.header("Idempotent-Replayed", "true");
                }
                return response.build();
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                uploads.release();
                if (spool != null) {
                    try {
                        java.nio.file.Files.deleteIfExists(spool);
                    } catch (java.io.IOException e) {
                        // a temporary file: the system cleans its folder
                    }
                }
            }
        } finally {
            receiving.remove(owner);
        }
    }

    @GET
    @Blocking
    @RunOnVirtualThread
    @Operation(summary = "List your batches, newest first")
    public Map<String, Object> list(@QueryParam("limit") @Parameter(description = "1 to 100 (default 20)") String limit,
            @QueryParam("before") @Parameter(description = "the last id of the previous page") String before,
            @Context UriInfo uri, @Context RoutingContext http) {
        QueryParams.requireOnly(uri, Set.of("limit", "before"));
        int size = number("limit", limit, 20, 1, 100);
        List<BatchView> page = batches.list(owner(http), size, before);
        return page.size() < size ? Map.of("batches", page)
                : Map.of("batches", page, "next", "/v1/batches?limit=" + size + "&before=" + page.getLast().id());
    }

    @GET
    @Path("/signing-secret")
    @Blocking
    @RunOnVirtualThread
    @Operation(summary = "The secret your batches' callbacks are signed with (HMAC-SHA256)")
    public Map<String, String> signingSecret(@Context UriInfo uri, @Context RoutingContext http) {
        QueryParams.requireOnly(uri, Set.of());
        return Map.of("secret", batches.signingSecret(owner(http)), "header", "Precis-Signature",
                "scheme", "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>' with the secret as key>");
    }

    @GET
    @Path("/{id}")
    @Blocking
    @RunOnVirtualThread
    @Operation(summary = "A batch: status, counts, usage")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "404", description = "No batch of yours has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public BatchView get(@PathParam("id") String id, @Context UriInfo uri, @Context RoutingContext http) {
        QueryParams.requireOnly(uri, Set.of());
        return batches.find(owner(http), id).orElseThrow(() -> notFound());
    }

    @DELETE
    @Path("/{id}")
    @Blocking
    @RunOnVirtualThread
    @Operation(summary = "Cancel a batch under way (items not started are cancelled, items under way finish), or "
            + "delete one that has ended, with its results")
    @APIResponse(responseCode = "200", description = "Cancelled: the batch as it stands.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "204", description = "It had ended: deleted, with its results.")
    public Response cancel(@PathParam("id") String id, @Context UriInfo uri, @Context RoutingContext http) {
        QueryParams.requireOnly(uri, Set.of());
        return switch (batches.cancelOrDelete(owner(http), id).orElseThrow(() -> notFound())) {
            case Batches.Removal.Cancelled cancelled -> Response.ok(cancelled.batch()).build();
            case Batches.Removal.Deleted deleted -> Response.noContent().build();
        };
    }

    @GET
    @Path("/{id}/results")
    @Produces(NDJSON)
    @Blocking
    @RunOnVirtualThread
    @Operation(summary = "A batch's results so far, as JSON Lines in submission order",
            description = "One line per item, in the order submitted, up to the first item not finished yet: "
                    + "{\"item\": n, \"id\": ..., \"status\": \"succeeded\", \"digest\": {...}} or with \"status\": "
                    + "\"failed\" and \"problem\", or \"cancelled\". Streamed; resume with ?after=<last item read>.")
    @APIResponse(responseCode = "200", description = "The results available, streamed.",
            content = @Content(mediaType = NDJSON))
    @APIResponse(responseCode = "404", description = "No batch of yours has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response results(@PathParam("id") String id,
            @QueryParam("after") @Parameter(description = "give the items after this one (default 0: from the first)")
            String after, @Context UriInfo uri, @Context RoutingContext http) {
        QueryParams.requireOnly(uri, Set.of("after"));
        int from = number("after", after, 0, 0, Integer.MAX_VALUE);
        String owner = owner(http);
        BatchView batch = batches.find(owner, id).orElseThrow(() -> notFound());
        StreamingOutput stream = output -> {
            OutputStream out = new BufferedOutputStream(output, 64 * 1024);
            try {
                batches.results(owner, id, from, Integer.MAX_VALUE, result -> write(out, result));
                out.flush();
            } catch (UncheckedIOException | java.io.IOException e) {
                // the client went away mid-stream: nothing more is read for it, and it is no error of ours
            }
        };
        return Response.ok(stream, NDJSON).header("Precis-Batch-Status", batch.status()).build();
    }

    private void write(OutputStream out, BatchStore.Result result) {
        try {
            StringBuilder line = new StringBuilder(256 + (result.result() == null ? 0 : result.result().length()));
            line.append("{\"item\":").append(result.line()).append(",\"id\":")
                    .append(result.itemId() == null ? "null" : result.itemId()) // stored as JSON text
                    .append(",\"status\":\"").append(result.state()).append('"');
            if (BatchStore.SUCCEEDED.equals(result.state())) {
                line.append(",\"digest\":").append(result.result());
            } else if (BatchStore.FAILED.equals(result.state())) {
                line.append(",\"problem\":").append(result.result());
            }
            line.append("}\n");
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            // the client went away: stop reading the database for nobody
            throw new UncheckedIOException(e);
        }
    }

    private static String owner(RoutingContext http) {
        Client client = http.get(AuthFilter.CLIENT);
        return client == null ? "" : client.name();
    }

    private static NoSuchBatchException notFound() {
        return new NoSuchBatchException();
    }

    /** No batch of the caller's has this id (another key's batch included: it does not exist for this caller). */
    static final class NoSuchBatchException extends RuntimeException {
        NoSuchBatchException() {
            super("no such batch", null, false, false);
        }
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (!value.matches("\\d{1,10}") || Long.parseLong(value) < min || Long.parseLong(value) > max) {
            throw new InvalidRequestException("'" + name + "' must be a whole number from " + min + " to " + max + ".");
        }
        return Integer.parseInt(value);
    }

    private static String idempotencyKey(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidRequestException("Send one Idempotency-Key header.");
        }
        String key = values.get(0).strip();
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new InvalidRequestException("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII "
                    + "characters (a UUID, say).");
        }
        return key;
    }

    private String metadata(String metadata) {
        if (metadata == null) {
            return null;
        }
        if (metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw new InvalidRequestException("'metadata' is larger than " + MAX_METADATA_BYTES + " bytes.");
        }
        try {
            JsonNode node = StrictJsonReader.STRICT.readTree(metadata);
            if (node == null || !node.isObject()) {
                throw new InvalidRequestException("'metadata' must be a JSON object.");
            }
            StrictJsonReader.requireWellFormedStrings(node, "metadata");
            // kept as given (numbers as written), now that it is known to be one well-formed JSON object
            return metadata.strip();
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("'metadata' must be a JSON object: " + StrictJsonReader.problemWith(e)
                    .replace("The JSON body", "it").replace("The body", "it"));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Too much received at once: 429 with Retry-After. */
    static final class OverloadedException extends RuntimeException {
        OverloadedException(String message) {
            super(message);
        }
    }
}
