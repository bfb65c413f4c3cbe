package dev.precis.api;

import dev.precis.model.ProblemType;
import dev.precis.model.Problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.model.Digest;
import dev.precis.model.IssueCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document from the code's own lists, so it cannot drift from what the service does: the
 * repository's example request and response (examples/, the same files the README shows and a test keeps true); the
 * API-key security schemes on every /v1 operation; every error status an operation can answer, with its problem types
 * ({@link ProblemType}) and {@code Retry-After} where one is sent; the values {@code kind}, {@code status}, issue
 * {@code code} and problem {@code type} take.
 */
public class OpenApiDocument implements OASFilter {

    static final String BEARER = "bearer";
    static final String HEADER_KEY = "apiKeyHeader";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Any request may meet these: a key, a quota, the server's own limits. */
    private static final List<Integer> EVERY_REQUEST = List.of(401, 406, 414, 429, 431, 500);
    /** And a request with a body (an article) these: its reading, its size, the model's answer and time. */
    private static final List<Integer> WITH_A_BODY = List.of(400, 408, 413, 415, 502, 503, 504);
    /** Statuses sent with Retry-After. */
    private static final List<Integer> RETRY_AFTER = List.of(429, 503, 504);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Operation post = openAPI.getPaths().getPathItem("/v1/digests").getPOST();
        post.getRequestBody().getContent().getMediaType("application/json")
                .setExamples(Map.of("visit", OASFactory.createExample().value(load("visit-request.json"))));
        post.getResponses().getAPIResponse("200").getContent().getMediaType("application/json")
                .setExamples(Map.of("visit", OASFactory.createExample().value(load("visit-response.json"))));

        securitySchemes(openAPI);
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                item.getOperations().forEach((method, operation) -> {
                    operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BEARER));
                    operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(HEADER_KEY));
                    errors(operation, method == PathItem.HttpMethod.POST);
                });
            }
        });
        enumerations(openAPI);
    }

    private static void securitySchemes(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API key from the service's keys file: Authorization: Bearer <key>. Needed on every /v1 "
                        + "path when the service has a keys file (PRECIS_API_KEYS_FILE)."));
        openAPI.getComponents().addSecurityScheme(HEADER_KEY, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-API-Key")
                .description("The same API key, in the X-API-Key header instead."));
    }

    /** Every error status of an operation, with the problem types it carries. */
    private static void errors(Operation operation, boolean withBody) {
        APIResponses responses = operation.getResponses();
        List<Integer> statuses = new ArrayList<>(EVERY_REQUEST);
        if (withBody) {
            statuses.addAll(WITH_A_BODY);
        }
        for (int status : statuses.stream().sorted().toList()) {
            String types = Arrays.stream(ProblemType.values()).filter(type -> type.status() == status)
                    .map(type -> "`" + type.uri() + "` (" + type.title() + ")").collect(Collectors.joining(", "));
            APIResponse response = responses.getAPIResponse(String.valueOf(status));
            if (response == null) {
                response = OASFactory.createAPIResponse().description(ProblemType.forHttpStatus(status).title() + ".")
                        .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema()
                                        .ref("#/components/schemas/Problem"))));
                responses.addAPIResponse(String.valueOf(status), response);
            }
            response.setDescription(response.getDescription() + " Problem type" + (types.contains(", ") ? "s: " : ": ")
                    + types + ".");
            if (RETRY_AFTER.contains(status)) {
                response.addHeader("Retry-After", OASFactory.createHeader()
                        .description("Seconds to wait before trying again.")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
            }
        }
    }

    private static void enumerations(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        enumerate(schemas, "Meeting", "kind", Digest.Meeting.KINDS);
        enumerate(schemas, "Meeting", "status", Digest.Meeting.STATUSES);
        enumerate(schemas, "Validation", "status", Digest.Validation.STATUSES);
        enumerate(schemas, "Issue", "code", Arrays.stream(IssueCode.values()).map(IssueCode::code).toList());
        enumerate(schemas, "Problem", "type", Arrays.stream(ProblemType.values()).map(ProblemType::uri).toList());
    }

    private static void enumerate(Map<String, Schema> schemas, String schema, String property, List<String> values) {
        Schema owner = schemas == null ? null : schemas.get(schema);
        if (owner == null || owner.getProperties() == null || owner.getProperties().get(property) == null) {
            throw new IllegalStateException("the OpenAPI document has no " + schema + "." + property);
        }
        owner.getProperties().get(property).setEnumeration(new ArrayList<>(values));
    }

    private static Object load(String name) {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream("examples/" + name)) {
            return JSON.readValue(in, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
