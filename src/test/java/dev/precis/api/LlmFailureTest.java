package dev.precis.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.precis.api.RejectedRequestTest.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client sees when the backend fails; one backend call each (retries come with the resilience work). */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class LlmFailureTest extends LlmBackendTest {

    @Test
    void connectionResetIs503() {
        backend.responds(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        post().spec(problem(503, "llm-unavailable"));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void backendErrorIs503() {
        backend.responds(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}"));
        post().spec(problem(503, "llm-unavailable")).body("detail", containsString("HTTP 500"));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void backendRateLimitIs503() {
        backend.responds(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("{\"error\":{\"message\":\"Rate limit reached\"}}"));
        post().spec(problem(503, "llm-unavailable")).body("detail", containsString("HTTP 429"));
    }

    @Test
    void backendRefusingOurKeyIs502WithoutLeakingTheUrlOrKey() {
        backend.responds(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + WireMockLlm.API_KEY + "\"}}"));
        post().spec(problem(502, "llm-rejected"))
                .body("detail", containsString("HTTP 401"))
                .body("detail", not(containsString("localhost")))
                .body("detail", not(containsString(WireMockLlm.API_KEY)));
    }

    @Test
    void responseThatIsNotAChatCompletionIs502() {
        backend.responds(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Gateway login</body></html>"));
        post().spec(problem(502, "llm-invalid-answer"));
    }

    @Test
    void emptyAnswerIsRepairedThen502() {
        backend.answers("");
        post().spec(problem(502, "llm-invalid-answer")).body("detail", containsString("3 call(s)"));
        assertThat(backend.chatRequests()).hasSize(3);
    }

    @Test
    void livenessAndReadinessDoNotDependOnTheBackend() {
        backend.responds(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(backend.requestCount()).isZero();
    }

    private static ValidatableResponse post() {
        return given().contentType(ContentType.JSON).body(Map.of("text", TestTexts.article("phone-call")))
                .when().post("/v1/digests").then();
    }
}
