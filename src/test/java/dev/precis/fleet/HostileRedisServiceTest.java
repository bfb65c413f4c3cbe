package dev.precis.fleet;

import static dev.precis.support.KeyLines.line;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.FakeRedis;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.LogCapture;
import dev.precis.support.Management;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service on a Redis that answers every script with nonsense: each request is still answered (quotas per
 * replica, the answer computed here), Redis shows as down on the readiness check, and the log holds no ERROR line
 * and no stack trace.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(HostileRedisServiceTest.OnNonsense.class)
class HostileRedisServiceTest extends LlmBackendTest {

    static final String KEY = "pk-hostile-redis-2c9e41f7";
    static final FakeRedis REDIS = start();

    private static FakeRedis start() {
        try {
            return new FakeRedis().answersScripts(":1\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class OnNonsense implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path keys = Files.createTempFile("precis-keys", ".txt");
                Files.write(keys, List.of(line("hostile", KEY, "rpm=3 tpm=100000")));
                return Map.of("precis.api-keys-file", keys.toString(), "precis.redis.url", REDIS.url());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void everyRequestIsAnsweredAndTheLocalQuotaHolds() {
        backend.answers(TestTexts.answer("phone-call"));
        LogCapture log = LogCapture.start();
        try {
            for (int i = 0; i < 3; i++) {
                given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON)
                        .body(Map.of("text", TestTexts.article("phone-call") + " " + i)).when().post("/v1/digests")
                        .then().statusCode(200);
            }
            given().header("Authorization", "Bearer " + KEY).when().get("/v1/info").then().statusCode(429);
            Management.given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'shared-state' }.data.redis", org.hamcrest.Matchers.equalTo("down"))
                    .body("checks.find { it.name == 'shared-state' }.data.problem",
                            org.hamcrest.Matchers.containsString("answered in a form precis does not read"));
            assertThat(log.errorsAndStackTraces()).isEmpty();
        } finally {
            log.stop();
        }
    }
}
