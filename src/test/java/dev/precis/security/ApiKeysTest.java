package dev.precis.security;

import static dev.precis.support.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.precis.support.LlmBackendTest;
import dev.precis.support.LogCapture;
import dev.precis.support.Management;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may call: API keys, checked before anything else; quotas per key; and keys that never leak. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(KeysProfile.class)
class ApiKeysTest extends LlmBackendTest {

    @Test
    void aMissingKeyIs401BeforeTheBodyIsEvenRead() {
        backend.answers(TestTexts.answer("no-meeting"));
        given().contentType(ContentType.JSON).body("{\"text\": \"Le ministre a reçu")
                .when().post("/v1/digests").then()
                .spec(problem(401, "unauthorized")).header("WWW-Authenticate", "Bearer");
        given().when().get("/v1/backends").then().spec(problem(401, "unauthorized"));
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void aWrongKeyIs401() {
        post(KeysProfile.DESK_KEY + "x").spec(problem(401, "unauthorized"));
        post("").spec(problem(401, "unauthorized"));
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void twoKeysInOneRequestAreNoKey() {
        // which of two keys would be counted is a guess: neither is
        given().header("X-API-Key", KeysProfile.DESK_KEY).header("X-API-Key", "wrong").contentType(ContentType.JSON)
                .body(Map.of("text", TestTexts.article("no-meeting")))
                .when().post("/v1/digests").then().spec(problem(401, "unauthorized"));
        given().header("Authorization", "Bearer " + KeysProfile.DESK_KEY).header("Authorization", "Bearer wrong")
                .contentType(ContentType.JSON).body(Map.of("text", TestTexts.article("no-meeting")))
                .when().post("/v1/digests").then().spec(problem(401, "unauthorized"));
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void aValidKeyWorksAsBearerOrXApiKey() {
        backend.answers(TestTexts.answer("no-meeting"));
        post(KeysProfile.DESK_KEY).statusCode(200);
        given().header("X-API-Key", KeysProfile.DESK_KEY).contentType(ContentType.JSON)
                .body(Map.of("text", TestTexts.article("no-meeting")))
                .when().post("/v1/digests").then().statusCode(200);
    }

    @Test
    void aRevokedKeyIsRefusedWithoutARestart() {
        backend.answers(TestTexts.answer("no-meeting"));
        post(KeysProfile.REVOCABLE_KEY).statusCode(200);
        KeysProfile.revokeIntern();
        post(KeysProfile.REVOCABLE_KEY).spec(problem(401, "unauthorized"));
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortWithoutAKeyAndCountAgainstNoQuota() {
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            // "tight" may make two requests a minute: scrapes are none of them.
            Management.given().header("Authorization", "Bearer " + KeysProfile.TIGHT_KEY).when().get("/q/metrics")
                    .then().statusCode(200);
        }
        Management.given().when().get("/q/metrics").then().statusCode(200);
        // Not on the port clients use: there, an unknown path needs a key like any other.
        given().when().get("/q/metrics").then().spec(problem(401, "unauthorized"));
        given().header("Authorization", "Bearer " + KeysProfile.DESK_KEY).when().get("/q/health/ready").then().statusCode(404);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void overTheRequestQuotaIs429WithRetryAfterAndNoLlmCall() {
        backend.answers(TestTexts.answer("no-meeting"));
        post(KeysProfile.TIGHT_KEY).statusCode(200);
        post(KeysProfile.TIGHT_KEY).statusCode(200);
        post(KeysProfile.TIGHT_KEY).spec(problem(429, "quota-exceeded"))
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]?"))
                .body("detail", containsString("2 requests per minute"));
        assertThat(backend.chatRequests()).hasSize(2);
        Management.given().when().get("/q/metrics").then()
                .body(containsString("precis_client_refused_total{client=\"tight\",quota=\"requests\"}"));
    }

    @Test
    void aRequestThatCannotFitTheTokenQuotaIsRefusedBeforeCallingTheLlm() {
        backend.answers(TestTexts.answer("no-meeting"));
        post(KeysProfile.THRIFTY_KEY).spec(problem(429, "quota-exceeded"))
                .body("detail", containsString("per-minute token quota"));
        assertThat(backend.chatRequests()).isEmpty();
    }

    @Test
    void keysAndArticleTextNeverReachLogsErrorsOrPages() {
        String sentinel = "Le colonel Zéphyrin Mabrouki-Castellane a reçu";
        String article = sentinel + " son homologue à Tunis mardi, selon un communiqué.";
        LogCapture logs = LogCapture.start();
        try {
            backend.answers(TestTexts.answer("no-meeting"));
            given().header("Authorization", "Bearer " + KeysProfile.DESK_KEY).contentType(ContentType.JSON)
                    .body(Map.of("text", article)).when().post("/v1/digests").then().statusCode(200);
            backend.responds(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                    .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + WireMockLlm.API_KEY + "\"}}"));
            given().header("Authorization", "Bearer " + KeysProfile.DESK_KEY).contentType(ContentType.JSON)
                    .body(Map.of("text", article + " ")).when().post("/v1/digests").then()
                    .spec(problem(502, "llm-rejected"));
            post("pk-wrong-" + KeysProfile.DESK_KEY).spec(problem(401, "unauthorized"));
        } finally {
            logs.stop();
        }
        assertThat(logs.text()).isNotEmpty()
                .doesNotContain(KeysProfile.DESK_KEY)
                .doesNotContain(WireMockLlm.API_KEY)
                .doesNotContain("Zéphyrin")
                .doesNotContain(KeysProfile.sha256(KeysProfile.DESK_KEY));
        for (String page : new String[] {"/q/openapi", "/v1/backends", "/v1/info"}) {
            given().header("Authorization", "Bearer " + KeysProfile.DESK_KEY).when().get(page).then()
                    .body(not(containsString(KeysProfile.DESK_KEY)))
                    .body(not(containsString(WireMockLlm.API_KEY)));
        }
        for (String page : new String[] {"/q/metrics", "/q/health"}) {
            Management.given().when().get(page).then()
                    .body(not(containsString(KeysProfile.DESK_KEY)))
                    .body(not(containsString(WireMockLlm.API_KEY)));
        }
    }

    @Test
    void securityHeadersAreSet() {
        given().when().get("/index.html").then()
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
        post("nope").header("X-Content-Type-Options", equalTo("nosniff"));
    }

    private static ValidatableResponse post(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("text", TestTexts.article("no-meeting"))).when().post("/v1/digests").then();
    }

}
