package dev.precis.api;

import static dev.precis.api.RejectedRequestTest.problem;
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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(LlmTimeoutTest.OneSecondTimeout.class)
class LlmTimeoutTest extends LlmBackendTest {

    public static class OneSecondTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("precis.llm.timeout", "1s");
        }
    }

    @Test
    void backendSlowerThanTheTimeoutIs504() {
        backend.responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withFixedDelay(15_000));

        long started = System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("text", TestTexts.article("phone-call")))
                .when().post("/v1/digests")
                .then().spec(problem(504, "llm-timeout"));

        // Generous bound: only proves the call was cut instead of waiting for the backend.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(backend.chatRequests()).hasSize(1);
    }

}
