package dev.precis.api.providers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precis.support.ProviderDoubleResource;
import dev.precis.support.TestTexts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service end to end with PRECIS_LLM_PROVIDER=mistral in PRECIS_LLM_STRUCTURED_OUTPUT=json_object mode, and
 * PRECIS_LLM_FALLBACK_PROVIDER=ollama (in the default json_schema mode: each backend has its own).
 */
@QuarkusTest
@QuarkusTestResource(value = ProviderDoubleResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "provider", value = "mistral"), @ResourceArg(name = "fallback", value = "ollama"),
        @ResourceArg(name = "structured-output", value = "json_object")})
class MistralThenOllamaEndToEndTest extends ProviderEndToEnd {

    /** JSON mode without a schema: the schema travels in the prompt, in its fixed part. */
    @Test
    void jsonObjectModeAsksForJsonAndPutsTheSchemaInTheSystemPrompt() {
        llm.answers(TestTexts.answer("no-meeting"));
        given().contentType(ContentType.JSON).body(Map.of("text", TestTexts.article("no-meeting")))
                .when().post("/v1/digests").then().statusCode(200);

        JsonNode request = llm.body(llm.requests().get(0));
        assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(request.path("response_format").has("json_schema")).isFalse();
        // The schema joins the fixed part of the prompt (the system message), ahead of the article's own context.
        assertThat(llm.systemText(request)).startsWith(TestTexts.prompt("system.txt").strip())
                .contains("JSON Schema").contains("\"required\":[\"headline\",\"summary\",\"translation\",\"meetings\"]");
        assertThat(llm.userText(request)).doesNotContain("JSON Schema");
    }
}
