package dev.precis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PRECIS_LLM_STRUCTURED_OUTPUT=json_object: JSON mode without a schema, so the schema travels in the prompt. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(JsonObjectModeTest.JsonObjectMode.class)
class JsonObjectModeTest extends LlmBackendTest {

    public static class JsonObjectMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("precis.llm.structured-output", "json_object");
        }
    }

    @Test
    void asksForAJsonObjectAndPutsTheSchemaInThePrompt() {
        backend.answers(TestTexts.answer("no-meeting"));

        given().contentType(ContentType.JSON).body(Map.of("text", TestTexts.article("no-meeting")))
                .when().post("/v1/digests").then().statusCode(200);

        JsonNode request = backend.chatRequests().get(0);
        assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(request.path("response_format").has("json_schema")).isFalse();
        // The schema joins the fixed part of the prompt (the system message), ahead of the article's own context.
        String system = request.path("messages").get(0).path("content").asText();
        assertThat(system).startsWith(TestTexts.prompt("system.txt").strip())
                .contains("JSON Schema").contains("\"required\":[\"headline\",\"summary\",\"translation\",\"meetings\"]");
        assertThat(request.path("messages").get(1).path("content").asText()).doesNotContain("JSON Schema");
    }
}
