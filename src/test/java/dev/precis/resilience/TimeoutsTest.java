package dev.precis.resilience;

import static dev.precis.resilience.RetriesTest.timed;
import static dev.precis.support.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-attempt timeout cuts a backend that hangs before its headers, and one that drips its body. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(TimeoutsTest.OneSecondAttempts.class)
class TimeoutsTest extends LlmBackendTest {

    public static class OneSecondAttempts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("precis.llm.timeout", "1s", "precis.llm.max-retries", "2");
        }
    }

    @Test
    void aBackendThatHangsBeforeItsHeadersIsCutAtEveryAttempt() {
        // Longer than RetriesTest.BOUND: only attempts that were cut can finish within it.
        backend.responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withFixedDelay(90_000));
        timed(() -> post().spec(problem(504, "llm-timeout")));
        assertThat(backend.chatRequests()).hasSize(3);
    }

    @Test
    void aBackendThatDripsItsAnswerIsCutToo() {
        // 90 chunks over 90 s: a byte every second never trips an idle timeout, only a hard one.
        backend.responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withChunkedDribbleDelay(90, 90_000));
        timed(() -> post().spec(problem(504, "llm-timeout")));
        assertThat(backend.chatRequests()).hasSize(3);
    }

    static ValidatableResponse post() {
        return given().contentType(ContentType.JSON).body(Map.of("text", TestTexts.article("phone-call")))
                .when().post("/v1/digests").then();
    }
}
