package dev.precis.api.providers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
 * The whole service with one provider as its primary backend: the same article gives the same grounded digest,
 * usage names the model and the tokens the provider reported, cached ones included, and /v1/backends names the
 * provider. One subclass per provider, each its own application.
 */
abstract class ProviderEndToEnd {

    @InjectProviderDouble
    ProviderDouble llm;

    @BeforeEach
    void answer() {
        llm.responds(llm.completion(TestTexts.answer("visit-security-chiefs"), false, 1_100, 400, 512));
    }

    @Test
    void anArticleIsDigestedGroundedAndAccountedFor() {
        String text = TestTexts.article("visit-security-chiefs");
        JsonPath digest = given().contentType(ContentType.JSON).body(Map.of("text", text, "publishedAt", "2026-03-10"))
                .when().post("/v1/digests").then().statusCode(200)
                .body("validation.status", equalTo("passed"))
                .body("meetings[0].participants[0].grounded", equalTo(true))
                .body("usage.model", equalTo(ProviderDouble.MODEL + "-2026"))
                .body("usage.llmCalls", equalTo(1))
                .body("usage.inputTokens", equalTo(1_100))
                .body("usage.outputTokens", equalTo(400))
                .extract().jsonPath();
        Offsets.assertEveryOffsetIndexes(text, digest);
        assertThat(digest.<Integer>get("usage.cachedInputTokens")).isEqualTo(llm.reportedCached(512));
        assertThat(llm.userText(llm.body(llm.requests().get(0)))).contains("<article>").contains("Karim Benali");

        List<Map<String, String>> backends = given().when().get("/v1/backends").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(backends).singleElement().satisfies(backend -> {
            assertThat(backend).containsEntry("provider", llm.provider().setting())
                    .containsEntry("model", ProviderDouble.MODEL).containsEntry("circuit", "closed");
            assertThat(backend.toString()).doesNotContain("localhost").doesNotContain(ProviderDouble.KEY);
        });
    }
}
