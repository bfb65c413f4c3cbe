package dev.precis.security;

import static dev.precis.support.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.precis.support.LlmBackendTest;
import dev.precis.support.Offsets;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every class of bad input gets its exact status and problem type, and none reaches the LLM. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class InputHardeningTest extends LlmBackendTest {

    private boolean expectNoCall = true;

    @AfterEach
    void noLlmCallWasMade() {
        if (expectNoCall) {
            assertThat(backend.requestCount()).as("requests that reached the LLM backend").isZero();
        }
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] latin1 = "{\"text\": \"Le ministre a reçu son homologue.\"}".getBytes(StandardCharsets.ISO_8859_1);
        given().contentType("application/json").body(latin1).when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request")).body("detail", equalTo("The body is not valid UTF-8."));
        byte[] broken = {'L', 'e', ' ', (byte) 0xC3, (byte) 0x28, ' ', 'm'};
        given().contentType("text/plain; charset=UTF-8").body(broken).when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request")).body("detail", equalTo("The body is not valid UTF-8."));
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsRead() {
        byte[] big = new byte[1_048_577];
        java.util.Arrays.fill(big, (byte) 'a');
        given().contentType("text/plain; charset=UTF-8").body(big).when().post("/v1/digests").then()
                .spec(problem(413, "body-too-large"));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"text\": \"x\", \"title\": " + "[".repeat(40) + "]".repeat(40) + "}";
        given().contentType(ContentType.JSON).body(deep).when().post("/v1/digests").then()
                .spec(problem(400, "invalid-request")).body("detail", equalTo("The JSON body is nested too deeply."));
    }

    @Test
    void anUnsupportedCharsetIs415() {
        given().contentType("text/plain; charset=x-klingon").body("Qapla'".getBytes(StandardCharsets.US_ASCII))
                .when().post("/v1/digests").then().spec(problem(415, "unsupported-media-type"));
    }

    @Test
    void aLatin1BodyThatSaysSoIsRead() {
        expectNoCall = false;
        backend.answers(TestTexts.answer("no-meeting"));
        String text = TestTexts.article("no-meeting").replace('\u2019', '\'').replace("\u2013", "-").replace('\u00a0', ' ');
        given().contentType("text/plain; charset=ISO-8859-1").body(text.getBytes(StandardCharsets.ISO_8859_1))
                .when().post("/v1/digests").then().statusCode(200);
    }

    @Test
    void controlCharactersAreKeptFromTheModelAndOffsetsStillIndexTheSubmittedText() {
        expectNoCall = false;
        backend.answers(TestTexts.answer("visit-security-chiefs"));
        String text = TestTexts.article("visit-security-chiefs").replace("Marc Delorme, s", "Marc\u0000 Delorme,\u0007 s");

        JsonPath digest = given().contentType(ContentType.JSON).body(Map.of("text", text)).when().post("/v1/digests")
                .then().statusCode(200).body("meetings[0].participants[0].grounded", equalTo(true))
                .extract().jsonPath();
        Offsets.assertEveryOffsetIndexes(text, digest);
        String sent = backend.chatRequests().get(0).path("messages").get(1).path("content").asText();
        assertThat(sent).doesNotContain("\u0000").doesNotContain("\u0007").contains("Marc Delorme, s");
    }

    @Test
    void textDenseInTokensThatWouldTakeDozensOfCallsIs413BeforeAnyCall() {
        // 90,000 combining marks: few characters for the length limit, a great many tokens and parts.
        String text = TestTexts.article("visit-security-chiefs") + " a" + "\u0301".repeat(90_000);
        given().contentType(ContentType.JSON).body(Map.of("text", text)).when().post("/v1/digests").then()
                .spec(problem(413, "article-too-long")).body("detail", org.hamcrest.Matchers.containsString("model calls"));
    }

    @Test
    void aFiftyThousandCharacterWordBreaksNeitherTokenisationNorGrounding() {
        expectNoCall = false;
        backend.answers(TestTexts.answer("visit-security-chiefs"));
        String text = TestTexts.article("visit-security-chiefs") + "\n\n" + "Z".repeat(50_000) + "\n";

        JsonPath digest = given().contentType(ContentType.JSON).body(Map.of("text", text)).when().post("/v1/digests")
                .then().statusCode(200).body("validation.status", equalTo("passed")).extract().jsonPath();
        Offsets.assertEveryOffsetIndexes(text, digest);
    }
}
