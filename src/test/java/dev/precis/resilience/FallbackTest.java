package dev.precis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.Management;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fallback backend answers when the primary has used up its retries, and at once while the primary is open. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(FallbackTest.WithFallback.class)
class FallbackTest extends LlmBackendTest {

    static final String FALLBACK_PATH = "/fallback/v1/chat/completions";

    public static class WithFallback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The fallback lives on the same WireMock under another path; its URL is derived from the primary's.
            return Map.of("precis.llm.fallback.provider", "openai",
                    "precis.llm.fallback.base-url", "${precis.llm.base-url}/../fallback/v1",
                    "precis.llm.fallback.model", "fallback-model",
                    "precis.llm.fallback.api-key", "sk-fallback-key",
                    "precis.llm.max-retries", "1",
                    "precis.breaker.failure-threshold", "2");
        }
    }

    @Test
    void fallbackTakesOverAndUsageNamesIt() {
        backend.responds(aResponse().withStatus(503));
        backend.respondsAt(FALLBACK_PATH,
                LlmBackend.completion(TestTexts.answer("phone-call"), "stop", "fallback-model-2026"));

        RetriesTest.timed(() -> TimeoutsTest.post().statusCode(200)
                .body("usage.model", equalTo("fallback-model-2026"))
                .body("usage.llmCalls", equalTo(3)));
        assertThat(backend.requestsAt(LlmBackend.CHAT_PATH)).isEqualTo(2);
        assertThat(backend.requestsAt(FALLBACK_PATH)).isEqualTo(1);
        assertThat(backend.server().findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FALLBACK_PATH)))
                .get(0).getHeader("Authorization")).isEqualTo("Bearer sk-fallback-key");

        // Two failures opened the primary's breaker: the next request goes straight to the fallback.
        RetriesTest.timed(() -> TimeoutsTest.post().statusCode(200).body("usage.llmCalls", equalTo(1)));
        assertThat(backend.requestsAt(LlmBackend.CHAT_PATH)).isEqualTo(2);
        List<String> circuits = given().when().get("/v1/backends").then().extract().path("circuit");
        assertThat(circuits).containsExactly("open", "closed");
        Management.given().when().get("/q/metrics").then().body(containsString("precis_llm_fallbacks_total"));
    }

}
