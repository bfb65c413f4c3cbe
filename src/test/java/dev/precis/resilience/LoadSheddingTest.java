package dev.precis.resilience;

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
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Beyond the calls allowed at once and the bounded queue, requests are refused at once with 429. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(LoadSheddingTest.TwoAtOnceOneWaiting.class)
class LoadSheddingTest extends LlmBackendTest {

    private static final int BACKEND_DELAY_MS = 4_000;

    public static class TwoAtOnceOneWaiting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("precis.max-concurrent-llm-calls", "2", "precis.max-queued-llm-calls", "1",
                    "precis.llm-queue-wait", "20s");
        }
    }

    /** One request's status, Retry-After header and time to answer. */
    record Outcome(int status, String retryAfter, long millis) {
    }

    @Test
    void requestsBeyondTheSlotsAndTheQueueAreShedFast() throws Exception {
        backend.responds(LlmBackend.completion(TestTexts.answer("no-meeting"), "stop").withFixedDelay(BACKEND_DELAY_MS));
        String text = TestTexts.article("no-meeting");

        List<Outcome> outcomes = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String article = text + " (" + i + ")";
                futures.add(clients.submit(() -> post(article)));
            }
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
        }

        List<Outcome> served = outcomes.stream().filter(o -> o.status() == 200).toList();
        List<Outcome> shed = outcomes.stream().filter(o -> o.status() == 429).toList();
        assertThat(served).hasSize(3);
        assertThat(shed).hasSize(3);
        assertThat(shed).allSatisfy(o -> {
            assertThat(o.retryAfter()).isEqualTo("5");
            assertThat(o.millis()).as("ms to refuse").isLessThan(BACKEND_DELAY_MS);
        });
        assertThat(backend.chatRequests()).hasSize(3);
    }

    private static Outcome post(String article) {
        long started = System.nanoTime();
        Response response = given().contentType(ContentType.JSON).body(Map.of("text", article))
                .when().post("/v1/digests");
        return new Outcome(response.statusCode(), response.header("Retry-After"),
                (System.nanoTime() - started) / 1_000_000);
    }
}
