package dev.precis.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.precis.support.TestTexts.answer;
import static dev.precis.support.TestTexts.article;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each reason to re-ask the model, what the re-ask says, and what happens when repairs run out. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class DigestRepairTest extends LlmBackendTest {

    private static final String VISIT = "visit-security-chiefs";

    @Test
    void fencedJsonWithProseAroundItNeedsNoRepair() {
        backend.answers("Here is the digest:\n```json\n" + answer(VISIT) + "\n```\nI hope this helps.");

        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(1))
                .body("validation.status", equalTo("passed"));
    }

    @Test
    void unparseableAnswerIsRepairedWithTheProblemQuoted() {
        String truncated = answer(VISIT).substring(0, 300);
        backend.answersInTurn(truncated, answer(VISIT));

        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(2))
                .body("usage.repairCalls", equalTo(1))
                .body("usage.inputTokens", equalTo(1400))
                .body("validation.status", equalTo("passed"));

        List<JsonNode> requests = backend.chatRequests();
        assertThat(requests).hasSize(2);
        JsonNode repair = requests.get(1).path("messages");
        assertThat(repair).hasSize(4);
        assertThat(repair.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(repair.get(2).path("content").asText()).isEqualTo(truncated);
        assertThat(repair.get(3).path("role").asText()).isEqualTo("user");
        assertThat(repair.get(3).path("content").asText()).contains("not valid JSON");
    }

    @Test
    void ungroundedParticipantIsRepaired() {
        String invented = answer(VISIT).replace("\"mentions\": [\"Karim Benali\"]", "\"mentions\": [\"Yassine Karimi\"]");
        backend.answersInTurn(invented, answer(VISIT));

        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(2))
                .body("meetings[0].participants[1].grounded", equalTo(true))
                .body("validation.status", equalTo("passed"));

        String repairRequest = backend.chatRequests().get(1).path("messages").get(3).path("content").asText();
        assertThat(repairRequest).contains("$.meetings[0].participants[1].mentions").contains("\"Yassine Karimi\"");
    }

    @Test
    void frenchSummaryIsRepairedIntoEnglish() {
        String french = answer(VISIT).replaceFirst("\"summary\": \"[^\"]*\"",
                "\"summary\": \"Le chef des services de renseignement français s'est rendu à Rabat pour rencontrer son"
                        + " homologue marocain et parler de la menace terroriste au Sahel.\"");
        backend.answersInTurn(french, answer(VISIT));

        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(2))
                .body("validation.status", equalTo("passed"));

        String repairRequest = backend.chatRequests().get(1).path("messages").get(3).path("content").asText();
        assertThat(repairRequest).contains("$.summary: must be written in English");
    }

    @Test
    void schemaViolationIsRepaired() {
        String badKind = answer(VISIT).replace("\"kind\": \"visit\"", "\"kind\": \"rendez-vous\"")
                .replace("\"iso\": \"2026-03-10\"", "\"iso\": \"10/03/2026\"");
        backend.answersInTurn(badKind, answer(VISIT));

        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(2))
                .body("meetings[0].kind", equalTo("visit"))
                .body("meetings[0].date.iso", equalTo("2026-03-10"));

        String repairRequest = backend.chatRequests().get(1).path("messages").get(3).path("content").asText();
        assertThat(repairRequest).contains("$.meetings[0].kind").contains("$.meetings[0].date.iso");
    }

    @Test
    void stillUngroundedAfterRepairsStaysWithWarnings() {
        String invented = answer(VISIT).replace("\"mentions\": [\"Karim Benali\"]", "\"mentions\": [\"Yassine Karimi\"]");
        backend.answers(invented);

        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(3))
                .body("usage.repairCalls", equalTo(2))
                .body("meetings[0].participants[1].name", equalTo("Karim Benali"))
                .body("meetings[0].participants[1].grounded", equalTo(false))
                .body("meetings[0].participants[1].mentions.size()", equalTo(0))
                .body("validation.status", equalTo("warnings"))
                .body("validation.issues.code", hasItem("grounding.participant_not_found"))
                .body("validation.issues.path", hasItem("$.meetings[0].participants[1].mentions"));
    }

    @Test
    void stillUnparseableAfterRepairsIs502() {
        backend.answers("Je ne peux pas répondre à cette demande.");

        post(article(VISIT)).then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:precis:problem:llm-invalid-answer"))
                .body("status", equalTo(502))
                .body("detail", containsString("3 call(s)"))
                .body("detail", not(containsString("Exception")));
        assertThat(backend.chatRequests()).hasSize(3);
    }

    @Test
    void minorIssuesDoNotCostARepair() {
        String planned = answer(VISIT).replace("\"mentions\": [\"Rabat\"]", "\"mentions\": [\"Rabat\", \"la capitale\"]");
        backend.answers(planned);

        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(1))
                .body("validation.status", equalTo("warnings"))
                .body("validation.issues[0].code", equalTo("grounding.mention_not_found"))
                .body("validation.issues[0].path", equalTo("$.meetings[0].location.mentions[1]"));
    }

    @Test
    void answerCutOffAtTheTokenLimitIsAskedAgainWithTwiceTheBudget() {
        String cut = answer(VISIT).substring(0, 500);
        backend.respondsInTurn(LlmBackend.completion(cut, "length"), LlmBackend.completion(answer(VISIT), "stop"));

        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(2))
                .body("validation.status", equalTo("passed"));

        List<JsonNode> requests = backend.chatRequests();
        assertThat(requests.get(0).path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(requests.get(1).path("max_tokens").asInt()).isEqualTo(8192);
        assertThat(requests.get(1).path("messages")).hasSize(2);
    }

    @Test
    void answerCutOffTwiceIs502() {
        backend.respondsInTurn(LlmBackend.completion(answer(VISIT).substring(0, 500), "length"));

        post(article(VISIT)).then().statusCode(502)
                .body("type", equalTo("urn:precis:problem:llm-invalid-answer"))
                .body("detail", containsString("cut off"));
        assertThat(backend.chatRequests()).hasSize(2);
    }

    @Test
    void aFailedRepairCallKeepsTheUsableFirstAnswer() {
        String french = answer(VISIT).replace(
                "To discuss the terrorist threat in the Sahel and cooperation between their services against trafficking.",
                "Évoquer la menace terroriste au Sahel et la coopération entre leurs services contre les trafics.");
        backend.respondsInTurn(LlmBackend.completion(french, "stop"),
                aResponse().withStatus(503));

        // The repair call is retried (3 retries) before it counts as failed: 1 + 4 calls.
        post(article(VISIT)).then().statusCode(200)
                .body("usage.llmCalls", equalTo(5))
                .body("validation.status", equalTo("warnings"))
                .body("validation.issues.code", hasItem("language.not_english"))
                .body("validation.issues.code", hasItem("repair.failed"));
    }

    private static io.restassured.response.Response post(String text) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text, "publishedAt", "2026-03-10"))
                .when().post("/v1/digests");
    }
}
