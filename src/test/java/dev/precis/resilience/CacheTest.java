package dev.precis.resilience;

import static dev.precis.support.Offsets.assertEveryOffsetIndexes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.precis.support.LlmBackend;
import dev.precis.support.CacheAndSmallChunks;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Identical requests are answered from memory; identical requests at the same time share one set of calls. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(CacheAndSmallChunks.class)
class CacheTest extends LlmBackendTest {

    @Test
    void aRepeatedArticleIsAnsweredFromTheCacheAndGroundedInItsOwnText() {
        backend.answers(TestTexts.answer("visit-security-chiefs"));
        String text = TestTexts.article("visit-security-chiefs");

        post(text).then().statusCode(200).body("usage.cached", equalTo(false)).body("usage.llmCalls", equalTo(1));
        post(text).then().statusCode(200)
                .body("usage.cached", equalTo(true))
                .body("usage.llmCalls", equalTo(0))
                .body("usage.inputTokens", equalTo(0));
        // Differently spaced, same words: same answer, offsets into this copy.
        String respaced = "  " + text.replace("Karim Benali, chef", "Karim  Benali,\u00a0chef");
        JsonPath digest = post(respaced).then().statusCode(200).body("usage.cached", equalTo(true))
                .extract().jsonPath();
        assertEveryOffsetIndexes(respaced, digest);
        assertThat(backend.chatRequests()).hasSize(1);
    }

    @Test
    void aHundredIdenticalRequestsAtOnceMakeOneCall() throws Exception {
        backend.responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withFixedDelay(1_500));
        String text = TestTexts.article("phone-call");

        long started = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(clients.submit(() -> post(text).statusCode()));
            }
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
        }

        assertThat(statuses).hasSize(100).containsOnly(200);
        // One 1.5 s call served them all; a hundred calls one after the other would take minutes.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(30));
        assertThat(backend.chatRequests()).hasSize(1);
    }

    private static io.restassured.response.Response post(String text) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text)).when().post("/v1/digests");
    }
}
