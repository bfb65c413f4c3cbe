package dev.precis.api;

import static dev.precis.support.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.Eventually;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Admission by size: with room for two long articles under way, a third is refused at once, while small ones still
 * fit beside them; the room comes back when they are answered.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(RequestAdmissionTest.RoomForTwoLongArticles.class)
class RequestAdmissionTest extends LlmBackendTest {

    private static final int LONG_CHARS = 40_000;
    private static final long CHARGE_LONG = RequestAdmission.FIXED_BYTES + RequestAdmission.BYTES_PER_CHAR * (LONG_CHARS + 20);
    private static final int BACKEND_DELAY_MS = 3_000;

    public static class RoomForTwoLongArticles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Two long articles and a few small ones, not three long ones.
            return Map.of("precis.request-memory", Long.toString(2 * CHARGE_LONG + 1_000_000),
                    "precis.chunk-tokens", "100000", "precis.body-timeout", "2s");
        }
    }

    @Test
    void aThirdLongArticleIsRefusedAtOnceWhileSmallOnesStillFit() throws Exception {
        backend.responds(LlmBackend.completion(TestTexts.answer("no-meeting"), "stop").withFixedDelay(BACKEND_DELAY_MS));
        String long1 = longArticle("un");
        String long2 = longArticle("deux");
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> underWay = new ArrayList<>();
            underWay.add(clients.submit(() -> post(long1)));
            underWay.add(clients.submit(() -> post(long2)));
            // Both under way: their calls have reached the backend, which holds them for three seconds.
            Eventually.until(Duration.ofSeconds(20), () -> backend.chatRequests().size() == 2);

            long started = System.nanoTime();
            post(longArticle("trois")).then().spec(problem(429, "overloaded")).header("Retry-After", "5");
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms to refuse").isLessThan(BACKEND_DELAY_MS);
            underWay.add(clients.submit(() -> post(TestTexts.article("no-meeting"))));

            for (Future<Response> response : underWay) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
        }
        // Answered: their room is free again (returned as each response ends, just after the client has it).
        Eventually.until(Duration.ofSeconds(10), () -> post(longArticle("quatre")).statusCode() == 200);
    }

    /** A body sent a byte now and then would hold its place for ever: it gets 408 and its connection closed. */
    @Test
    void aBodyThatDoesNotArriveInTimeIs408AndItsPlaceIsFreed() throws Exception {
        backend.answers(TestTexts.answer("no-meeting"));
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.getOutputStream().write(("POST /v1/digests HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (2 * LONG_CHARS) + "\r\n\r\n{\"text\": \"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            long started = System.nanoTime();
            dev.precis.support.RawHttp.Response response = dev.precis.support.RawHttp.read(socket.getInputStream(), false);
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.body()).contains("urn:precis:problem:request-timeout");
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms, for a 2 s limit").isLessThan(15_000);
            assertThat(dev.precis.support.RawHttp.closesWithin(socket, 10)).isTrue();
        }
        Eventually.until(Duration.ofSeconds(10), () -> post(longArticle("après")).statusCode() == 200);
        assertThat(backend.requestCount()).as("the stalled request never reached the LLM").isEqualTo(1);
    }

    private static String longArticle(String tag) {
        String base = TestTexts.article("no-meeting");
        return (base + " ").repeat(LONG_CHARS / base.length() + 1).substring(0, LONG_CHARS) + " (" + tag + ")";
    }

    private static Response post(String text) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text)).when().post("/v1/digests");
    }
}
