package dev.precis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.precis.support.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.precis.support.LlmBackend;
import dev.precis.support.ManualNanoClock;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.Management;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Repeated failures open the breaker; while open, requests are refused fast; a probe closes it again. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(CircuitBreakerTest.QuickBreaker.class)
class CircuitBreakerTest extends LlmBackendTest {

    /** Opens after two failures, for 30 s of a clock the test moves: nothing here waits for time to pass. */
    public static class QuickBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("precis.breaker.failure-threshold", "2", "precis.breaker.open-duration", "30s",
                    "precis.llm.max-retries", "0");
        }

        @Override
        public java.util.Set<Class<?>> getEnabledAlternatives() {
            return java.util.Set.of(ManualNanoClock.class);
        }
    }

    @jakarta.inject.Inject
    ManualNanoClock clock;

    @Test
    void opensAfterRepeatedFailuresRefusesFastThenClosesAfterAProbe() {
        backend.responds(aResponse().withStatus(503));
        TimeoutsTest.post().spec(problem(503, "llm-unavailable"));
        TimeoutsTest.post().spec(problem(503, "llm-unavailable"));
        assertThat(backend.chatRequests()).hasSize(2);
        assertThat(circuit()).isEqualTo("open");
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("precis_llm_breaker_state{backend=\"primary\"} 2.0"));

        long started = System.nanoTime();
        TimeoutsTest.post().spec(problem(503, "llm-unavailable")).header("Retry-After", "30")
                .body("detail", containsString("paused"));
        // The refusal is immediate (the benchmark measures it); this bound only proves no call was waited on.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(RetriesTest.BOUND);
        assertThat(backend.chatRequests()).as("calls while open").hasSize(2);

        clock.advance(Duration.ofSeconds(29));
        assertThat(circuit()).as("a second before its time").isEqualTo("open");
        TimeoutsTest.post().spec(problem(503, "llm-unavailable")).header("Retry-After", "1");

        backend.reset();
        backend.responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(circuit()).isEqualTo("half_open");
        TimeoutsTest.post().statusCode(200).body("usage.llmCalls", equalTo(1));
        assertThat(circuit()).isEqualTo("closed");
    }

    private static String circuit() {
        return given().when().get("/v1/backends").then().statusCode(200).extract().path("[0].circuit");
    }
}
