package dev.precis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.precis.resilience.RetriesTest.timed;
import static dev.precis.support.Problems.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One deadline per request bounds every attempt, retry and wait together. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(DeadlineTest.ShortDeadline.class)
class DeadlineTest extends LlmBackendTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("precis.request-deadline", "8s", "precis.llm.timeout", "30s");
        }
    }

    /**
     * One request answered at once first: the first call of a fresh application loads the provider's classes, which
     * on a busy machine can take a good part of a short deadline and would decide these tests for them. A busy machine
     * may still run the warm-up itself out of time: it is tried again, as it only warms.
     */
    @org.junit.jupiter.api.BeforeEach
    void warmUp() {
        backend.answers(TestTexts.answer("phone-call"));
        for (int i = 0; i < 3 && TimeoutsTest.post().extract().statusCode() != 200; i++) {
            // warmer now
        }
        backend.reset();
    }

    @Test
    void aSlowBackendRunsTheRequestOutOfTimeAt504() {
        // Longer than RetriesTest.BOUND: only a request cut at its deadline finishes within it.
        backend.responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withFixedDelay(90_000));
        timed(() -> TimeoutsTest.post().spec(problem(504, "deadline-exceeded")));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void aRetryAfterBeyondTheDeadlineIsPassedOnAtOnce() {
        backend.responds(aResponse().withStatus(429).withHeader("Retry-After", "120"));
        // Far sooner than the 120 s the backend asked for: the answer does not wait.
        timed(() -> TimeoutsTest.post().spec(problem(503, "llm-unavailable")).header("Retry-After", "120"));
        assertThat(backend.chatRequests()).hasSize(1);
    }
}
