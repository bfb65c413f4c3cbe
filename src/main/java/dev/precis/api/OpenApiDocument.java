package dev.precis.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Adds the repository's example request and response (examples/, the same files the README shows and a test keeps
 * true) to the OpenAPI document, so there is one copy of them.
 */
public class OpenApiExamples implements OASFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Operation post = openAPI.getPaths().getPathItem("/v1/digests").getPOST();
        post.getRequestBody().getContent().getMediaType("application/json")
                .setExamples(Map.of("visit", OASFactory.createExample().value(load("visit-request.json"))));
        post.getResponses().getAPIResponse("200").getContent().getMediaType("application/json")
                .setExamples(Map.of("visit", OASFactory.createExample().value(load("visit-response.json"))));
    }

    private static Object load(String name) {
        try (InputStream in = OpenApiExamples.class.getClassLoader().getResourceAsStream("examples/" + name)) {
            return JSON.readValue(in, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
