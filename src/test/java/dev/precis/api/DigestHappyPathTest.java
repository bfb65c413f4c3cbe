package dev.precis.api;

import static dev.precis.support.Offsets.assertEveryOffsetIndexes;
import static dev.precis.support.TestTexts.answer;
import static dev.precis.support.TestTexts.article;
import static dev.precis.support.TestTexts.prompt;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class DigestHappyPathTest extends LlmBackendTest {

    @Test
    void visitBetweenSecurityChiefsIsDigestedWithExactOffsets() {
        String text = article("visit-security-chiefs");
        backend.answers(answer("visit-security-chiefs"));

        JsonPath digest = given().contentType(ContentType.JSON)
                .body(Map.of("text", text, "publishedAt", "2026-03-10"))
                .when().post("/v1/digests")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("sourceLanguage", equalTo("fr"))
                .body("headline", equalTo("French foreign intelligence chief visits his Moroccan counterpart in Rabat"))
                .body("translation", nullValue())
                .body("meetings", hasSize(1))
                .body("meetings[0].kind", equalTo("visit"))
                .body("meetings[0].status", equalTo("held"))
                .body("meetings[0].participants.name", equalTo(List.of("Marc Delorme", "Karim Benali")))
                .body("meetings[0].participants.grounded", equalTo(List.of(true, true)))
                .body("meetings[0].location.name", equalTo("Rabat"))
                .body("meetings[0].date.iso", equalTo("2026-03-10"))
                .body("validation.status", equalTo("passed"))
                .body("validation.issues", hasSize(0))
                .body("usage.llmCalls", equalTo(1))
                .body("usage.model", equalTo("test-model-2026"))
                .body("usage.inputTokens", equalTo(700))
                .body("usage.outputTokens", equalTo(300))
                .extract().jsonPath();

        List<Map<String, Object>> delorme = digest.getList("meetings[0].participants[0].mentions");
        assertThat(delorme).extracting(m -> m.get("text")).containsExactly("Marc Delorme", "M. Delorme");
        assertThat(delorme.get(0).get("start")).isEqualTo(text.indexOf("Marc Delorme"));
        List<Map<String, Object>> benali = digest.getList("meetings[0].participants[1].mentions");
        assertThat(benali).hasSize(2);
        List<Map<String, Object>> rabat = digest.getList("meetings[0].location.mentions");
        assertThat(rabat).extracting(m -> m.get("start")).containsExactly(0, text.indexOf("Rabat", 1));
        // The model quoted with a typewriter apostrophe; the digest gives the article's own spelling.
        String evidence = digest.getString("meetings[0].evidence[0].text");
        assertThat(evidence).contains("s\u2019est rendu");
        assertEveryOffsetIndexes(text, digest);
    }

    @Test
    void requestSentToTheBackendCarriesModelKeySchemaAndArticleInItsDataBlock() {
        String text = article("visit-security-chiefs");
        backend.answers(answer("visit-security-chiefs"));

        given().contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post("/v1/digests").then().statusCode(200);

        assertThat(backend.rawChatRequests()).hasSize(1);
        assertThat(backend.rawChatRequests().get(0).getHeader("Authorization"))
                .isEqualTo("Bearer " + WireMockLlm.API_KEY);
        JsonNode request = backend.chatRequests().get(0);
        assertThat(request.path("model").asText()).isEqualTo(WireMockLlm.MODEL);
        assertThat(request.path("temperature").asDouble()).isEqualTo(0.0);
        assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo(prompt("system.txt").strip());
        String user = request.path("messages").get(1).path("content").asText();
        assertThat(user).contains("<article>\n" + text.strip()).contains("</article>");
        assertThat(user).contains("Article language: fr").doesNotContain("\"$schema\"").doesNotContain("\"properties\"");
        JsonNode format = request.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("schema").path("required").toString())
                .contains("headline", "summary", "meetings");
    }
}
