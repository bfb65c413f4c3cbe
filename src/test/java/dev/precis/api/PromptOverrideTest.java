package dev.precis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PRECIS_PROMPTS_DIR overrides packaged prompts file by file, and PRECIS_LLM_STRUCTURED_OUTPUT=prompt sends no
 * response_format at all (for servers without structured outputs).
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(PromptOverrideTest.OverriddenSystemPrompt.class)
class PromptOverrideTest extends LlmBackendTest {

    static final String CUSTOM_SYSTEM = "You are a careful desk editor. Extract meetings as JSON.";

    public static class OverriddenSystemPrompt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("precis-prompts");
                Files.writeString(dir.resolve("system.txt"), CUSTOM_SYSTEM + "\n");
                return Map.of("precis.prompts-dir", dir.toString(), "precis.llm.structured-output", "prompt");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void overriddenSystemPromptIsSentAndTheOthersStayPackaged() {
        backend.answers(TestTexts.answer("no-meeting"));

        given().contentType(ContentType.JSON).body(Map.of("text", TestTexts.article("no-meeting")))
                .when().post("/v1/digests").then().statusCode(200)
                .body("usage.promptVersion", matchesPattern("[0-9a-f]{12}"));

        JsonNode request = backend.chatRequests().get(0);
        String system = request.path("messages").get(0).path("content").asText();
        assertThat(system).startsWith(CUSTOM_SYSTEM).contains("JSON Schema");
        String user = request.path("messages").get(1).path("content").asText();
        assertThat(user).contains("Article language: fr");
        assertThat(request.has("response_format")).isFalse();
    }
}
