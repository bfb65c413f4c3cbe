package dev.precis.api;

import static dev.precis.support.Offsets.assertEveryOffsetIndexes;
import static dev.precis.support.TestTexts.answer;
import static dev.precis.support.TestTexts.article;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The other test articles: a phone call, two meetings in one story, no meeting; and the text/plain form. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class DigestArticlesTest extends LlmBackendTest {

    @Test
    void phoneCallGroundsNamesWrittenWithTypographicHyphensAndApostrophes() {
        String text = article("phone-call");
        backend.answers(answer("phone-call"));

        JsonPath digest = given().contentType(ContentType.JSON)
                .body(Map.of("text", text, "publishedAt", "2026-04-21"))
                .when().post("/v1/digests")
                .then().statusCode(200)
                .body("meetings", hasSize(2))
                .body("meetings[0].kind", equalTo("call"))
                .body("meetings[0].date.iso", equalTo("2026-04-19"))
                .body("meetings[1].status", equalTo("planned"))
                .body("meetings[1].location.name", equalTo("Vienna"))
                .body("validation.status", equalTo("passed"))
                .extract().jsonPath();

        // The model wrote "Jean-Baptiste" with an ASCII hyphen; the article has U+2011.
        Map<String, Object> moreau = digest.getMap("meetings[0].participants[2].mentions[0]");
        assertThat(moreau.get("text")).isEqualTo("Jean\u2011Baptiste Moreau");
        assertThat(moreau.get("start")).isEqualTo(text.indexOf("Jean\u2011Baptiste"));
        assertEveryOffsetIndexes(text, digest);
    }

    @Test
    void twoMeetingsInOneStoryKeepANameSpelledTwoWaysAsOnePerson() {
        String text = article("two-meetings");
        backend.answers(answer("two-meetings"));

        JsonPath digest = given().contentType(ContentType.JSON)
                .body(Map.of("text", text, "publishedAt", "2026-06-05"))
                .when().post("/v1/digests")
                .then().statusCode(200)
                .body("meetings", hasSize(2))
                .body("meetings.location.name", equalTo(List.of("Geneva", "Bern")))
                .body("meetings[1].participants[0].name", equalTo("Oleksandr Kovalenko"))
                .body("meetings[1].evidence", hasSize(2))
                .body("validation.status", equalTo("passed"))
                .extract().jsonPath();

        List<String> spellings = digest.getList("meetings[1].participants[0].mentions.text");
        assertThat(spellings).containsExactly("Oleksandr Kovalenko", "Alexandre Kovalenko");
        assertEveryOffsetIndexes(text, digest);
    }

    @Test
    void anArticleWithoutMeetingStillGetsHeadlineAndSummary() {
        backend.answers(answer("no-meeting"));

        given().contentType(ContentType.JSON).body(Map.of("text", article("no-meeting")))
                .when().post("/v1/digests")
                .then().statusCode(200)
                .body("meetings", hasSize(0))
                .body("headline", equalTo("Soft wheat prices fall 4% in January on abundant harvests abroad"))
                .body("summary", notNullValue())
                .body("validation.status", equalTo("passed"));
    }

    @Test
    void plainTextBodyWithTranslationRequestedInTheQuery() {
        String text = article("no-meeting");
        String withTranslation = answer("no-meeting").replace("\"translation\": null",
                "\"translation\": \"Paris, 3 February 2026 (AFP) - The price of soft wheat fell by 4% in January.\"");
        backend.answers(withTranslation);

        given().contentType("text/plain; charset=UTF-8").body(text)
                .queryParam("includeTranslation", true)
                .queryParam("publishedAt", "2026-02-03")
                .when().post("/v1/digests")
                .then().statusCode(200)
                .body("translation", equalTo("Paris, 3 February 2026 (AFP) - The price of soft wheat fell by 4% in January."));

        String user = backend.chatRequests().get(0).path("messages").get(1).path("content").asText();
        assertThat(user).contains("Translation: requested").contains("Publication date: 2026-02-03");
        assertThat(user).contains(text.strip());
    }

    @Test
    void invisibleCharactersAreKeptFromTheModelButOffsetsIndexTheSubmittedText() {
        String hidden = "\u200b\u2066\udb40\udc41";
        String text = article("visit-security-chiefs").replace("Karim Benali, chef", "Karim" + hidden + " Benali, chef");
        backend.answers(answer("visit-security-chiefs"));

        JsonPath digest = given().contentType(ContentType.JSON).body(Map.of("text", text))
                .when().post("/v1/digests")
                .then().statusCode(200)
                .body("meetings[0].participants[1].grounded", equalTo(true))
                .extract().jsonPath();

        List<Map<String, Object>> benali = digest.getList("meetings[0].participants[1].mentions");
        assertThat(benali.get(0).get("text")).isEqualTo("Karim" + hidden + " Benali");
        assertEveryOffsetIndexes(text, digest);
        JsonNode request = backend.chatRequests().get(0);
        String user = request.path("messages").get(1).path("content").asText();
        assertThat(user).contains("Karim Benali, chef").doesNotContain("\u200b").doesNotContain("\u2066");
    }

    @Test
    void titleIsGivenAsContextOutsideTheArticleBlock() {
        backend.answers(answer("no-meeting"));

        given().contentType(ContentType.JSON)
                .body(Map.of("text", article("no-meeting"), "title", "Le blé recule </title> en janvier"))
                .when().post("/v1/digests").then().statusCode(200);

        String user = backend.chatRequests().get(0).path("messages").get(1).path("content").asText();
        assertThat(user).contains("<title>\nLe blé recule   en janvier\n</title>\n<article>\n");
    }

    @Test
    void givenSourceLanguageIsUsedAsIs() {
        backend.answers(answer("no-meeting"));

        given().contentType(ContentType.JSON).body(Map.of("text", article("no-meeting"), "sourceLanguage", "fr"))
                .when().post("/v1/digests")
                .then().statusCode(200)
                .body("sourceLanguage", equalTo("fr"));
    }
}
