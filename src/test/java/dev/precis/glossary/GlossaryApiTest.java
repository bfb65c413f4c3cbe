package dev.precis.glossary;

import static dev.precis.support.Problems.problem;
import static dev.precis.support.TestTexts.answer;
import static dev.precis.support.TestTexts.article;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.LlmBackendTest;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Glossaries through the API, as a newsroom uses them: the key's default glossary applied to an article that spells
 * one official two ways, only the entries the article mentions sent to the model, the precedence of inline entries
 * and named glossaries, and the problems a wrong glossary gets.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(GlossaryProfile.class)
class GlossaryApiTest extends LlmBackendTest {

    private static final String TEXT = article("glossary-two-spellings");

    private static JsonPath digest(String key, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("text", TEXT, "publishedAt", "2026-12-01"));
        body.putAll(extra);
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(body)
                .when().post("/v1/digests").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theKeysDefaultGlossaryMakesOneOfficialSpelledTwoWaysOneParticipantWithItsId() {
        backend.answers(answer("glossary-two-spellings"));

        JsonPath digest = digest(GlossaryProfile.DESK, Map.of());

        assertThat(digest.getList("meetings[0].participants.name")).containsExactly("Karim Benali",
                "Youssef El-Mansouri");
        assertThat(digest.getString("meetings[0].participants[1].id")).isEqualTo("nr:1047");
        assertThat(digest.getMap("meetings[0].participants[0]")).doesNotContainKey("id");
        assertThat(digest.getList("meetings[0].participants[1].mentions.text")).containsExactly("Youssef El Mansouri",
                "M. Al-Mansuri", "Al-Mansuri");
        assertThat(digest.getList("meetings[0].participants[1].mentions.start", Integer.class))
                .containsExactly(TEXT.indexOf("Youssef El Mansouri"), TEXT.indexOf("M. Al-Mansuri"),
                        TEXT.lastIndexOf("Al-Mansuri"));
        assertThat(digest.getString("meetings[0].location.id")).isEqualTo("Q3551");
        assertThat(digest.getString("summary")).isEqualTo("Karim Benali of the National Fisheries Office met Youssef "
                + "El-Mansouri in Rabat on Tuesday. Youssef El-Mansouri praised an exemplary partnership and invited "
                + "his host to Dakar.");
        assertThat(digest.getString("validation.status")).isEqualTo("passed");
        assertThat(digest.getList("validation.issues.code")).containsOnly("glossary.applied");
        assertThat(digest.getList("validation.issues.path")).contains("$.meetings[0].participants[1].name",
                "$.summary", "$.headline");
    }

    @Test
    void onlyTheEntriesTheArticleMentionsAreSentInTheirOwnDataBlock() {
        backend.answers(answer("glossary-two-spellings"));

        digest(GlossaryProfile.DESK, Map.of());

        String user = backend.chatRequests().get(0).path("messages").get(1).path("content").asText();
        String block = user.substring(user.indexOf("<glossary>\n") + 11, user.indexOf("\n</glossary>"));
        assertThat(block.lines()).containsExactly(
                "Rabat => Rabat (place, id Q3551)",
                "Office national des pêches | ONP => National Fisheries Office (organization, id nr:2001)",
                "ministre sénégalais de la Pêche => Senegal's Minister of Fisheries (title)",
                "El Mansouri | Al-Mansuri => Youssef El-Mansouri (person, id nr:1047)",
                "sardine => sardine (term)");
        assertThat(user).doesNotContain("Nouakchott");
        assertThat(user.indexOf("</glossary>")).isLessThan(user.indexOf("<article>"));
    }

    @Test
    void inlineEntriesComeFirstANamedGlossaryReplacesTheDefaultAndNoneTurnsItOff() {
        backend.answers(answer("glossary-two-spellings"));
        JsonPath inline = digest(GlossaryProfile.DESK, Map.of("glossaryEntries", List.of(
                Map.of("source", "ONP", "target", "Morocco's fisheries office", "kind", "organization"))));
        assertThat(inline.getString("meetings[0].participants[0].organization")).isEqualTo("Morocco's fisheries office");
        // the default glossary still applies to what the inline entries do not say
        assertThat(inline.getString("meetings[0].participants[1].name")).isEqualTo("Youssef El-Mansouri");

        JsonPath sports = digest(GlossaryProfile.DESK, Map.of("glossary", "sports"));
        assertThat(sports.getList("meetings[0].participants.name")).containsExactly("Karim Benali",
                "Youssef El Mansouri", "Coach Al-Mansuri");
        assertThat(sports.getString("summary")).contains("Office national des pêches");

        JsonPath plain = given().header("Authorization", "Bearer " + GlossaryProfile.DESK)
                .contentType("text/plain; charset=utf-8").body(TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .queryParam("glossary", "sports").when().post("/v1/digests").then().statusCode(200).extract().jsonPath();
        assertThat(plain.getList("meetings[0].participants.name")).containsExactly("Karim Benali",
                "Youssef El Mansouri", "Coach Al-Mansuri");

        JsonPath none = digest(GlossaryProfile.DESK, Map.of("glossary", "none"));
        assertThat(none.getList("meetings[0].participants.name")).containsExactly("Karim Benali",
                "Youssef El Mansouri", "Al-Mansuri");
        assertThat(none.getList("validation.issues.code")).doesNotContain("glossary.applied");
        // a key with no default glossary gets none
        JsonPath other = digest(GlossaryProfile.OTHER, Map.of());
        assertThat(other.getList("meetings[0].participants")).hasSize(3);
    }

    @Test
    void anAnswerCachedWithoutTheGlossaryIsNotServedToARequestWithIt() {
        backend.answers(answer("glossary-two-spellings"));
        String unique = " Fin.";
        Map<String, Object> body = Map.of("text", TEXT + unique, "glossary", "none");
        given().header("Authorization", "Bearer " + GlossaryProfile.DESK).contentType(ContentType.JSON).body(body)
                .when().post("/v1/digests").then().statusCode(200);
        JsonPath withGlossary = given().header("Authorization", "Bearer " + GlossaryProfile.DESK)
                .contentType(ContentType.JSON).body(Map.of("text", TEXT + unique))
                .when().post("/v1/digests").then().statusCode(200).extract().jsonPath();
        assertThat(withGlossary.getBoolean("usage.cached")).isFalse();
        assertThat(backend.chatRequests()).hasSize(2);
    }

    @Test
    void batchItemsCarryTheirGlossaryCheckedWithTheKeysGlossariesAtSubmission() throws Exception {
        backend.answers(answer("glossary-two-spellings"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String good = json.writeValueAsString(Map.of("id", "a", "text", TEXT + " Un.")) + "\n"
                + json.writeValueAsString(Map.of("id", "b", "text", TEXT + " Deux.", "glossary", "none",
                        "glossaryEntries", List.of(Map.of("source", "Al-Mansuri", "target", "Minister Al-Mansuri",
                                "kind", "person"))));
        String bad = json.writeValueAsString(Map.of("text", TEXT, "glossary", "weather"));

        given().header("Authorization", "Bearer " + GlossaryProfile.OTHER).contentType("application/x-ndjson; charset=utf-8")
                .body(json.writeValueAsString(Map.of("text", TEXT, "glossary", "newsroom"))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/v1/batches").then().spec(problem(400, "invalid-request"))
                .body("detail", org.hamcrest.Matchers.containsString("line 1: No glossary named 'newsroom' is "
                        + "available to this API key"));
        given().header("Authorization", "Bearer " + GlossaryProfile.DESK).contentType("application/x-ndjson; charset=utf-8")
                .body((good + "\n" + bad).getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/v1/batches").then().spec(problem(400, "invalid-request"))
                .body("detail", org.hamcrest.Matchers.containsString("line 3: No glossary named 'weather'"));

        String id = given().header("Authorization", "Bearer " + GlossaryProfile.DESK)
                .contentType("application/x-ndjson; charset=utf-8").body(good.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/v1/batches")
                .then().statusCode(202).extract().path("id");
        dev.precis.support.Eventually.until(java.time.Duration.ofSeconds(60), () -> "completed".equals(
                given().header("Authorization", "Bearer " + GlossaryProfile.DESK).when().get("/v1/batches/" + id)
                        .then().extract().path("status")));
        List<com.fasterxml.jackson.databind.JsonNode> results = given()
                .header("Authorization", "Bearer " + GlossaryProfile.DESK).when().get("/v1/batches/" + id + "/results")
                .then().statusCode(200).extract().asString().lines().map(line -> {
                    try {
                        return json.readTree(line);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
        assertThat(results).hasSize(2);
        // the key's default glossary, as for an interactive request
        assertThat(results.get(0).at("/digest/meetings/0/participants/1/id").asText()).isEqualTo("nr:1047");
        // the item's own entries only
        assertThat(results.get(1).at("/digest/meetings/0/participants").size()).isEqualTo(3);
        assertThat(results.get(1).at("/digest/meetings/0/participants/2/name").asText()).isEqualTo("Minister Al-Mansuri");
    }

    @Test
    void aRenderingThatCouldBeTwoGlossaryPeopleIsRepairedByAskingTheModel() {
        String article = "Youssef El Mansouri et Leila Mansouri ont signé mardi à Dakar un accord sur la pêche.";
        String ambiguous = """
                {"headline":"Mansouri signs a fisheries agreement in Dakar",
                 "summary":"Youssef El Mansouri and Leila Mansouri signed a fisheries agreement in Dakar on Tuesday.",
                 "translation":null,
                 "meetings":[{"kind":"meeting","status":"held",
                   "participants":[{"name":"Mansouri","role":null,"organization":null,"country":null,"mentions":["Youssef El Mansouri"]},
                                   {"name":"Mansouri","role":null,"organization":null,"country":null,"mentions":["Leila Mansouri"]}],
                   "location":{"name":"Dakar","country":"Senegal","mentions":["Dakar"]},
                   "date":null,"purpose":"To sign a fisheries agreement.",
                   "evidence":["Youssef El Mansouri et Leila Mansouri ont signé mardi à Dakar un accord sur la pêche"]}]}""";
        backend.answersInTurn(ambiguous, ambiguous.replace("\"headline\":\"Mansouri signs",
                "\"headline\":\"Youssef El-Mansouri and Leila Mansouri sign"));
        List<Map<String, String>> people = List.of(
                Map.of("source", "Youssef El Mansouri", "target", "Youssef El-Mansouri", "kind", "person", "id", "nr:1047"),
                Map.of("source", "Leila Mansouri", "target", "Leila Mansouri", "kind", "person", "id", "nr:3003"));

        JsonPath digest = given().header("Authorization", "Bearer " + GlossaryProfile.DESK).contentType(ContentType.JSON)
                .body(Map.of("text", article, "glossary", "none", "glossaryEntries", people))
                .when().post("/v1/digests").then().statusCode(200).extract().jsonPath();

        assertThat(backend.chatRequests()).hasSize(2);
        String repair = backend.chatRequests().get(1).path("messages").get(3).path("content").asText();
        assertThat(repair).contains("$.headline: \"Mansouri\" may be any of the glossary's \"Youssef El-Mansouri\", "
                + "\"Leila Mansouri\": write the one meant, as the glossary spells it");
        assertThat(digest.getString("headline")).isEqualTo("Youssef El-Mansouri and Leila Mansouri sign a fisheries "
                + "agreement in Dakar");
        assertThat(digest.getList("meetings[0].participants.id")).containsExactly("nr:1047", "nr:3003");
        assertThat(digest.getString("validation.status")).isEqualTo("passed");
        assertThat(digest.getInt("usage.repairCalls")).isEqualTo(1);
    }

    @Test
    void aGlossaryTheKeyMayNotUseOrThatDoesNotExistIsA400() {
        given().header("Authorization", "Bearer " + GlossaryProfile.OTHER).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT, "glossary", "newsroom"))
                .when().post("/v1/digests").then().spec(problem(400, "unknown-glossary"));
        given().header("Authorization", "Bearer " + GlossaryProfile.DESK).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT, "glossary", "weather"))
                .when().post("/v1/digests").then().spec(problem(400, "unknown-glossary"))
                .body("detail", org.hamcrest.Matchers.equalTo("No glossary named 'weather' is available to this API "
                        + "key (available: newsroom, sports)."));
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void malformedOrTooManyInlineEntriesAreRefusedBeforeAnyCall() {
        given().header("Authorization", "Bearer " + GlossaryProfile.DESK).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT, "glossaryEntries", List.of(
                        Map.of("source", "ONP", "target", "Fisheries office", "kind", "organization"),
                        Map.of("source", "Rabat", "target", "Rabat", "kind", "city"))))
                .when().post("/v1/digests").then().spec(problem(400, "invalid-request"))
                .body("detail", org.hamcrest.Matchers.containsString("'glossaryEntries[1]': kind must be one of"));
        given().header("Authorization", "Bearer " + GlossaryProfile.DESK).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT, "glossaryEntries", List.of(Map.of("source", "ONP", "target", "x",
                        "kind", "term", "comment", "an unknown field"))))
                .when().post("/v1/digests").then().spec(problem(400, "invalid-request"));
        List<Map<String, String>> six = List.of(1, 2, 3, 4, 5, 6).stream()
                .map(i -> Map.of("source", "terme" + i, "target", "term " + i, "kind", "term")).toList();
        given().header("Authorization", "Bearer " + GlossaryProfile.DESK).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT, "glossaryEntries", six))
                .when().post("/v1/digests").then().spec(problem(413, "glossary-too-large"))
                .body("detail", org.hamcrest.Matchers.containsString("at most 5 are accepted inline"));
        assertThat(backend.requestCount()).isZero();
    }
}
