package dev.precis.api;

import static dev.precis.support.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem+json answer and never reaches the LLM. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class RejectedRequestTest extends LlmBackendTest {

    @BeforeEach
    void answerWithAnyDigest() {
        backend.answers(TestTexts.answer("no-meeting"));
    }

    @AfterEach
    void noLlmCallWasMade() {
        assertThat(backend.requestCount()).as("requests that reached the LLM backend").isZero();
    }

    @Test
    void malformedJson() {
        given().contentType(ContentType.JSON).body("{\"text\": \"Le ministre a reçu")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("The body is not valid JSON."));
    }

    @Test
    void missingText() {
        given().contentType(ContentType.JSON).body(Map.of("title", "Sans texte"))
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("'text' is required and must not be blank."));
    }

    @Test
    void blankText() {
        given().contentType(ContentType.JSON).body(Map.of("text", " \n\t\u00a0"))
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"));
    }

    @Test
    void blankPlainText() {
        given().contentType(ContentType.TEXT).body("   ")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"));
    }

    @Test
    void emptyBody() {
        given().contentType(ContentType.JSON).body("")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"));
    }

    @Test
    void unknownFieldIsNamed() {
        given().contentType(ContentType.JSON).body(Map.of("text", "Le ministre a reçu son homologue.", "publishedDate", "2026-01-01"))
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("Unknown field 'publishedDate'."));
    }

    @Test
    void duplicateKey() {
        given().contentType(ContentType.JSON).body("{\"text\": \"Un texte.\", \"text\": \"Un autre.\"}")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("The JSON body has a duplicate key."));
    }

    @Test
    void textOfTheWrongType() {
        given().contentType(ContentType.JSON).body("{\"text\": {\"fr\": \"Un texte.\"}}")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("Field 'text' has the wrong type."));
    }

    @Test
    void badPublicationDate() {
        given().contentType(ContentType.JSON).body(Map.of("text", "Le ministre a reçu son homologue.", "publishedAt", "21/04/2026"))
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("'publishedAt' must be a date written YYYY-MM-DD."));
        given().contentType(ContentType.TEXT).body("Le ministre a reçu son homologue.").queryParam("publishedAt", "hier")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("'publishedAt' must be a date written YYYY-MM-DD."));
    }

    @Test
    void valuesOfTheWrongTypeAreNotCoerced() {
        given().contentType(ContentType.JSON).body("{\"text\": 12}")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("Field 'text' has the wrong type."));
        given().contentType(ContentType.JSON).body("{\"text\": \"Un texte.\", \"publishedAt\": 20000}")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"));
        given().contentType(ContentType.JSON).body("{\"text\": \"Un texte.\", \"includeTranslation\": \"yes\"}")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("Field 'includeTranslation' has the wrong type."));
    }

    @Test
    void jsonBeyondTheParserLimitsIs400Not500() {
        String deep = "{\"text\": \"x\", \"title\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}";
        given().contentType(ContentType.JSON).body(deep)
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"));
        String longNumber = "{\"text\": \"x\", \"title\": " + "9".repeat(1_500) + "}";
        given().contentType(ContentType.JSON).body(longNumber)
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"));
    }

    @Test
    void plainTextOptionsAreCheckedToo() {
        given().contentType(ContentType.TEXT).body("Le ministre a reçu son homologue.").queryParam("includeTranslation", "yes")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("'includeTranslation' must be true or false."));
        given().contentType(ContentType.TEXT).body("Le ministre a reçu son homologue.").queryParam("translate", "true")
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("Unknown query parameter 'translate'."));
    }

    @Test
    void titleLongerThanALine() {
        given().contentType(ContentType.JSON).body(Map.of("text", "Le ministre a reçu son homologue.", "title", "t".repeat(1_001)))
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", equalTo("'title' must be at most 1000 characters."));
    }

    @Test
    void unknownSourceLanguage() {
        given().contentType(ContentType.JSON).body(Map.of("text", "Le ministre a reçu son homologue.", "sourceLanguage", "french"))
                .when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request"))
                .body("detail", containsString("ISO 639-1"));
    }

    @Test
    void articleOverTheLimitIs413() {
        String text = "a".repeat(100_001);
        given().contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post("/v1/digests").then()
                .spec(problem(413, "article-too-long"))
                .body("detail", equalTo("The article has 100001 characters; the limit is 100000."));
        given().contentType(ContentType.TEXT).body(text)
                .when().post("/v1/digests").then()
                .spec(problem(413, "article-too-long"));
    }

    @Test
    void otherMediaTypesAre415() {
        given().contentType(ContentType.XML).body("<article>Le ministre a reçu son homologue.</article>")
                .when().post("/v1/digests").then()
                .spec(problem(415, "unsupported-media-type"));
    }

    @Test
    void unacceptableResponseTypeIs406() {
        given().contentType(ContentType.JSON).accept("application/xml").body(Map.of("text", "Le ministre a reçu son homologue."))
                .when().post("/v1/digests").then()
                .spec(problem(406, "not-acceptable"));
    }

    @Test
    void unknownPathAndMethodAreProblemsToo() {
        given().when().get("/v1/nothing-here").then().spec(problem(404, "not-found"));
        given().when().get("/v1/digests").then().spec(problem(405, "method-not-allowed"));
    }
}
