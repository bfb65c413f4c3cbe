package dev.precis.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.precis.support.Problems.problem;
import static dev.precis.support.TestTexts.answer;
import static dev.precis.support.TestTexts.article;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.LogCapture;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backend that answers to hurt: too much, not UTF-8, half a character, our own prompt back, or text built to make
 * a parser run for minutes. Each gets a prompt, honest answer, and nothing of it reaches the client or an ERROR line.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class HostileBackendTest extends LlmBackendTest {

    private static final String VISIT = "visit-security-chiefs";

    @Test
    void aResponseLargerThanAFewTimesTheOutputBudgetIs502AndNotRetried() {
        // 4096 output tokens allow 64 KiB + 96 KiB; this is 4 MiB.
        String huge = "{\"headline\": \"" + "x".repeat(4 * 1024 * 1024) + "\"}";
        backend.answers(huge);
        post(article(VISIT)).then().spec(problem(502, "llm-invalid-answer"))
                .body("detail", containsString("not a chat completion"));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void bytesThatAreNotUtf8Are502() {
        byte[] body = LlmBackend.completionJson(answer(VISIT), "stop").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
        backend.responds(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(latin1));
        post(article(VISIT)).then().spec(problem(502, "llm-invalid-answer"));
    }

    @Test
    void halfASurrogatePairInTheAnswerIs502() {
        // On the wire, a JSON escape for the first half of a pair and nothing after it.
        String body = LlmBackend.completionJson(answer(VISIT), "stop").replace("Rabat", "Rab\\ud800at");
        backend.responds(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body));
        post(article(VISIT)).then().spec(problem(502, "llm-invalid-answer"));
    }

    @Test
    void fencesAndBracesRepeatedAreAnsweredAtOnce() {
        backend.answers("```{".repeat(16_000));
        long started = System.nanoTime();
        post(article(VISIT)).then().spec(problem(502, "llm-invalid-answer"));
        // The parse took 36.7 s here before it was made linear; three answers now take milliseconds each.
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(15_000);
        assertThat(backend.chatRequests()).hasSize(3);
    }

    @Test
    void aSummaryThatIsOurSystemPromptOnEveryTryNeverReachesTheClient() {
        String leaked = TestTexts.prompt("system.txt");
        backend.answers(answer(VISIT).replaceFirst("\"summary\": *\"[^\"]*\"", "\"summary\": " + quoted(leaked)));
        LogCapture log = LogCapture.start();
        Response response;
        try {
            response = post(article(VISIT));
        } finally {
            log.stop();
        }
        response.then().spec(problem(502, "llm-invalid-answer"));
        assertThat(response.asString()).doesNotContain(leaked.substring(0, 60));
        assertThat(backend.chatRequests()).as("asked twice to repair it").hasSize(3);
        assertThat(log.errorsAndStackTraces()).isEmpty();
    }

    @Test
    void aPurposeThatIsOurSystemPromptIsRemovedAndSaid() {
        String leaked = TestTexts.prompt("system.txt");
        backend.answers(answer(VISIT).replaceFirst("\"purpose\": *\"[^\"]*\"", "\"purpose\": " + quoted(leaked)));
        Response response = post(article(VISIT));
        response.then().statusCode(200)
                .body("meetings[0].purpose", nullValue())
                .body("validation.issues.code", hasItem("injection.prompt_leak"));
        assertThat(response.asString()).doesNotContain(leaked.substring(0, 60));
    }

    @Test
    void aMarkdownLinkWithParenthesesInItsTargetIsRemovedWhole() {
        backend.answers(answer(VISIT).replaceFirst("\"headline\": *\"",
                "\"headline\": \"[Read](javascript:alert(document.cookie)) "));
        post(article(VISIT)).then().statusCode(200)
                .body("headline", not(containsString(")")))
                .body("headline", not(containsString("javascript")))
                .body("validation.issues.code", hasItem("output.markup_removed"));
    }

    private static Response post(String text) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text, "publishedAt", "2026-03-10"))
                .when().post("/v1/digests");
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
