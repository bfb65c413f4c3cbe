package dev.precis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.precis.support.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.Management;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection: what the service does for each way a backend fails. Each test checks the status, the number of
 * calls the backend received, and a generous bound on the time taken (only to catch waits that should not happen).
 * The test resource sets retries to the default 3 with short backoffs.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class RetriesTest extends LlmBackendTest {

    /**
     * Only catches a hang (the default deadline is 180 s, a Retry-After may ask for hours): generous, so that a busy
     * machine never decides a test. Where a test proves that something was cut short, the thing it cuts lasts longer.
     */
    static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void rateLimitWithRetryAfterInSecondsIsWaitedOutAndRetried() {
        backend.respondsInTurn(aResponse().withStatus(429).withHeader("Retry-After", "1"), ok());
        timed(() -> post().statusCode(200).body("usage.llmCalls", equalTo(2)));
        assertThat(backend.chatRequests()).hasSize(2);
    }

    @Test
    void rateLimitWithRetryAfterAsHttpDateIsWaitedOutAndRetried() {
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        backend.respondsInTurn(aResponse().withStatus(429).withHeader("Retry-After", inTwoSeconds), ok());
        timed(() -> post().statusCode(200).body("usage.llmCalls", equalTo(2)));
        assertThat(backend.chatRequests()).hasSize(2);
    }

    @Test
    void aRetryAfterOfZeroIsNoFasterThanOurOwnBackoff() {
        backend.responds(aResponse().withStatus(429).withHeader("Retry-After", "0"));
        timed(() -> post().spec(problem(503, "llm-unavailable")));
        var calls = backend.rawChatRequests();
        assertThat(calls).hasSize(4);
        // Backoff base 20 ms: the retries wait at least 10, 20 and 40 ms, whatever the backend said.
        long spread = calls.get(3).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertThat(spread).as("ms from the first call to the fourth").isGreaterThanOrEqualTo(70);
    }

    @Test
    void aBackendAskingForADayIsPassedOnAsFiveMinutes() {
        backend.responds(aResponse().withStatus(429).withHeader("Retry-After", "86400"));
        timed(() -> post().spec(problem(503, "llm-unavailable")).header("Retry-After", "300"));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void rateLimitWithoutRetryAfterBacksOffAndRetries() {
        backend.respondsInTurn(aResponse().withStatus(429), ok());
        timed(() -> post().statusCode(200).body("usage.llmCalls", equalTo(2)));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsAreRetried(int status) {
        backend.respondsInTurn(aResponse().withStatus(status), ok());
        timed(() -> post().statusCode(200).body("usage.llmCalls", equalTo(2)));
        assertThat(backend.chatRequests()).hasSize(2);
    }

    @Test
    void aBackendThatKeepsFailingIs503WithRetryAfterAfterEveryRetry() {
        backend.responds(aResponse().withStatus(503));
        timed(() -> post().spec(problem(503, "llm-unavailable")).header("Retry-After", matchesPattern("[1-9][0-9]*")));
        assertThat(backend.chatRequests()).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404})
    void clientErrorsAreNotRetried(int status) {
        backend.responds(aResponse().withStatus(status).withBody("{\"error\":{\"message\":\"no\"}}"));
        timed(() -> post().spec(problem(502, "llm-rejected")));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void contextLengthErrorIs413AndNotRetried() {
        backend.responds(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"This model's maximum context "
                + "length is 8192 tokens\",\"code\":\"context_length_exceeded\"}}"));
        timed(() -> post().spec(problem(413, "context-too-long")));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void connectionResetIsRetried() {
        backend.respondsInTurn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), ok());
        timed(() -> post().statusCode(200).body("usage.llmCalls", equalTo(2)));
    }

    @Test
    void connectionResetEveryTimeIs503() {
        backend.responds(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        timed(() -> post().spec(problem(503, "llm-unavailable")));
        assertThat(backend.chatRequests()).hasSize(4);
    }

    @Test
    void emptyReplyIsRetried() {
        backend.respondsInTurn(aResponse().withFault(Fault.EMPTY_RESPONSE), ok());
        timed(() -> post().statusCode(200).body("usage.llmCalls", equalTo(2)));
    }

    @Test
    void malformedChunkedBodyIsRetried() {
        backend.responds(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        timed(() -> post().spec(problem(503, "llm-unavailable")));
        assertThat(backend.chatRequests()).hasSize(4);
    }

    @Test
    void emptyChoicesIs502AndNotRetried() {
        backend.responds(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"));
        timed(() -> post().spec(problem(502, "llm-invalid-answer")));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void aResponseThatIsNotAChatCompletionIs502() {
        backend.responds(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Gateway login</body></html>"));
        timed(() -> post().spec(problem(502, "llm-invalid-answer")));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void livenessAndReadinessDoNotDependOnTheBackend() {
        backend.responds(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(backend.requestCount()).isZero();
    }

    private static ResponseDefinitionBuilder ok() {
        return LlmBackend.completion(TestTexts.answer("phone-call"), "stop");
    }

    private static ValidatableResponse post() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("text", TestTexts.article("phone-call"), "publishedAt", "2026-04-21"))
                .when().post("/v1/digests").then();
    }

    static void timed(Runnable request) {
        long started = System.nanoTime();
        request.run();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
    }
}
