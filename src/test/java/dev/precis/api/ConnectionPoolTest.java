package dev.precis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Nothing caps concurrent LLM calls below PRECIS_MAX_CONCURRENT_LLM_CALLS (64 by default): more than 50 calls (the
 * connection pool of common HTTP clients) reach a slow backend at once. Were they capped at 50, the 51st call could
 * not even start before the first answer came back.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class ConnectionPoolTest extends LlmBackendTest {

    /** Long enough that 60 requests reach the backend within it even on a busy machine. */
    private static final int BACKEND_DELAY_MS = 15_000;
    /** Fewer than PRECIS_MAX_CONCURRENT_LLM_CALLS: none waits for a turn, all are in flight together. */
    private static final int CONCURRENT = 60;
    private static final int BEYOND_DEFAULT_POOL = 60;

    @Test
    void moreThanFiftyCallsAreInFlightAtOnce() throws Exception {
        backend.responds(LlmBackend.completion(TestTexts.answer("no-meeting"), "stop").withFixedDelay(BACKEND_DELAY_MS));
        String text = TestTexts.article("no-meeting");

        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CONCURRENT; i++) {
                // Distinct articles: identical ones would share one call.
                String article = text + " (" + i + ")";
                statuses.add(clients.submit(() -> given().contentType(ContentType.JSON).body(Map.of("text", article))
                        .post("/v1/digests").statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        }

        List<LoggedRequest> received = backend.rawChatRequests().stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        long spreadMs = received.get(BEYOND_DEFAULT_POOL - 1).getLoggedDate().getTime()
                - received.get(0).getLoggedDate().getTime();
        assertThat(spreadMs).as("ms between the 1st and the %dth call reaching the backend", BEYOND_DEFAULT_POOL)
                .isLessThan(BACKEND_DELAY_MS);
    }
}
