package dev.precis.api.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.precis.support.InjectFallbackDouble;
import dev.precis.support.InjectProviderDouble;
import dev.precis.support.Offsets;
import dev.precis.support.ProviderDouble;
import dev.precis.support.TestTexts;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole service with one provider as its primary backend and another as its fallback: through either, the same
 * article gives the same grounded digest, usage names the model and the tokens that provider reported, cached ones
 * included, and /v1/backends names both providers. Each subclass is one application with one pair, so that every
 * provider is met end to end, as primary or as fallback, in two application starts.
 */
abstract class ProviderEndToEnd {

    private static final String VISIT = "visit-security-chiefs";

    @InjectProviderDouble
    ProviderDouble llm;

    @InjectFallbackDouble
    ProviderDouble fallback;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void anArticleIsDigestedGroundedAndAccountedForThroughThePrimary() {
        llm.responds(llm.completion(TestTexts.answer(VISIT), false, 1_100, 400, 512));
        digestAccountedBy(llm);
        assertThat(fallback.requests()).isEmpty();

        List<Map<String, String>> backends = given().when().get("/v1/backends").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(backends).hasSize(2);
        assertThat(backends.get(0)).containsEntry("name", "primary").containsEntry("provider", llm.provider().setting())
                .containsEntry("model", ProviderDouble.MODEL).containsEntry("circuit", "closed");
        assertThat(backends.get(1)).containsEntry("name", "fallback")
                .containsEntry("provider", fallback.provider().setting());
        assertThat(backends.toString()).doesNotContain("localhost").doesNotContain(ProviderDouble.KEY);
    }

    @Test
    void whenThePrimaryFailsTheFallbackProviderGivesTheSameDigest() {
        llm.responds(aResponse().withStatus(503));
        fallback.responds(fallback.completion(TestTexts.answer(VISIT), false, 1_100, 400, 512));
        JsonPath digest = digestAccountedBy(fallback);
        assertThat(digest.<Integer>get("usage.llmCalls")).as("the primary's attempts and the fallback's")
                .isEqualTo(llm.requests().size() + 1);
        assertThat(fallback.requests()).hasSize(1);
    }

    /** One digest of the visit article, checked against what {@code double} reported. */
    private static JsonPath digestAccountedBy(ProviderDouble double_) {
        String text = TestTexts.article(VISIT);
        JsonPath digest = given().contentType(ContentType.JSON).body(Map.of("text", text, "publishedAt", "2026-03-10"))
                .when().post("/v1/digests").then().statusCode(200)
                .body("validation.status", equalTo("passed"))
                .body("meetings[0].participants[0].grounded", equalTo(true))
                .body("usage.model", equalTo(ProviderDouble.MODEL + "-2026"))
                .body("usage.inputTokens", equalTo(1_100))
                .body("usage.outputTokens", equalTo(400))
                .extract().jsonPath();
        Offsets.assertEveryOffsetIndexes(text, digest);
        assertThat(digest.<Integer>get("usage.cachedInputTokens")).isEqualTo(double_.reportedCached(512));
        assertThat(double_.userText(double_.body(double_.requests().get(0)))).contains("<article>").contains("Karim Benali");
        return digest;
    }
}
