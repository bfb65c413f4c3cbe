package dev.precis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README and OpenAPI examples true: the example request, answered by the same scripted model answer,
 * yields the example response (usage aside: model name, tokens, latency
 * and prompt version depend on the backend and the prompts).
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class ExamplesTest extends LlmBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exampleRequestGivesTheExampleResponse() throws Exception {
        backend.answers(TestTexts.answer("visit-security-chiefs"));
        String request = Files.readString(Path.of("examples/visit-request.json"));
        JsonNode expected = JSON.readTree(Path.of("examples/visit-response.json").toFile());

        String body = given().contentType(ContentType.JSON).body(request)
                .when().post("/v1/digests").then().statusCode(200).extract().asString();

        JsonNode actual = JSON.readTree(body);
        assertThat(withoutUsage(actual)).isEqualTo(withoutUsage(expected));
        // The usage block's values depend on the backend, its fields do not.
        assertThat(ImmutableFields.of(actual.path("usage"))).isEqualTo(ImmutableFields.of(expected.path("usage")));
    }

    /** The field names of an object, in order. */
    private static final class ImmutableFields {
        static java.util.List<String> of(JsonNode object) {
            java.util.List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    private static JsonNode withoutUsage(JsonNode digest) {
        ObjectNode copy = digest.deepCopy();
        copy.remove("usage");
        return copy;
    }
}
