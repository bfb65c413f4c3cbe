package dev.precis.fleet;

import static dev.precis.support.Problems.problem;
import static io.restassured.RestAssured.given;
import static dev.precis.support.KeyLines.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.precis.support.LlmBackendTest;
import dev.precis.support.Management;
import dev.precis.support.Redis;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The service in this process on the machine's Redis: a key's quota is counted there (off the event loop: the
 * request waits paused, and its body still arrives whole), refused as problem+json with Retry-After, and the state is
 * on the readiness check.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(SharedQuotaServiceTest.OnRedis.class)
class SharedQuotaServiceTest extends LlmBackendTest {

    @org.junit.jupiter.api.BeforeAll
    static void needsRedis() {
        Redis.assumeAvailable();
    }

    static final String THREE_KEY = "pk-three-1d7e5a0c93b2";
    static final String DESK_KEY = "pk-fleetdesk-4b6a2e91c0d8";
    static final String PREFIX = Redis.prefix();

    public static class OnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path keys = Files.createTempFile("precis-keys", ".txt");
                Files.write(keys, List.of(line("three", THREE_KEY, "rpm=3"), line("fleetdesk", DESK_KEY, "")));
                return Map.of("precis.api-keys-file", keys.toString(), "precis.redis.url", Redis.URL,
                        "precis.redis.key-prefix", PREFIX);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @AfterAll
    static void clean() {
        Redis.clean(Redis.URL, PREFIX);
    }

    @Test
    void aKeysRequestsAreCountedInRedisAndRefusedBeyondItsQuota() {
        backend.answers(TestTexts.answer("phone-call"));
        for (int i = 0; i < 3; i++) {
            post(THREE_KEY, TestTexts.article("phone-call")).statusCode(200);
        }
        post(THREE_KEY, TestTexts.article("phone-call")).spec(problem(429, "quota-exceeded"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("detail", containsString("3 requests per minute"));
        try (JedisPooled redis = Redis.client(Redis.URL)) {
            assertThat(redis.zcard(PREFIX + "q:{three}:requests")).isEqualTo(3);
        }
    }

    @Test
    void aLongBodyArrivesWholeAfterTheRoundTrip() {
        backend.answers(TestTexts.answer("visit-security-chiefs"));
        String article = TestTexts.article("visit-security-chiefs");
        String text = (article + "\n\n").repeat(4) + article;
        given().header("Authorization", "Bearer " + DESK_KEY).contentType(ContentType.JSON)
                .body(Map.of("text", text)).when().post("/v1/digests").then().statusCode(200);
        String prompt = backend.chatRequests().get(0).get("messages").get(1).get("content").asText();
        String opening = article.substring(0, 30);
        assertThat(prompt.split(java.util.regex.Pattern.quote(opening), -1)).as("all five copies reached the model")
                .hasSize(6);
        assertThat(prompt).contains(article.strip().substring(article.strip().length() - 30));
    }

    @Test
    void theReadinessCheckSaysRedisIsUp() {
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'shared-state' }.data.redis", org.hamcrest.Matchers.equalTo("up"));
    }

    private static ValidatableResponse post(String key, String text) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("text", text)).when().post("/v1/digests").then();
    }
}
