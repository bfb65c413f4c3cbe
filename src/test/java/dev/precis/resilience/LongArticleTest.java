package dev.precis.resilience;

import static dev.precis.support.Offsets.assertEveryOffsetIndexes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.precis.support.CacheAndSmallChunks;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 60,000-character article is split into chunks, each extracted on its own, and merged: the meeting reported at
 * the start and recalled at the end appears once, with mentions from both places; one headline covers the whole.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(CacheAndSmallChunks.class)
class LongArticleTest extends LlmBackendTest {

    private static final String OPENING = "Paris, 4 mai 2026 (AFP) \u2013 La ministre des Armées, Hélène Garnier, a reçu "
            + "lundi à Paris son homologue polonais, Tomasz Wiśniak, pour évoquer la défense aérienne du flanc est de "
            + "l\u2019OTAN.";
    private static final String MIDDLE = "À Varsovie, le chef d\u2019état-major polonais, le général Marek Zając, "
            + "s\u2019est entretenu mercredi par téléphone avec son homologue lituanien, le général Rimas Vaitkus.";
    private static final String CLOSING = "Lors de leur rencontre de lundi, Hélène Garnier et Tomasz Wiśniak ont "
            + "également signé une lettre d\u2019intention sur la formation des pilotes.";
    private static final List<String> FILLER = List.of(
            "Les budgets de défense européens ont progressé de près de 11 % l\u2019an dernier, selon les chiffres "
                    + "publiés par l\u2019Agence européenne de défense, qui relève une forte hausse des achats de munitions.",
            "Les industriels du secteur peinent à suivre la cadence des commandes. Plusieurs usines ont ouvert des "
                    + "lignes de production supplémentaires et recrutent des soudeurs, des usineurs et des ingénieurs.",
            "Dans les pays baltes, les exercices se multiplient le long de la frontière. Les armées y testent de "
                    + "nouveaux systèmes de brouillage et la coordination entre unités de différents pays alliés.",
            "Les économistes s\u2019interrogent sur la soutenabilité de ces dépenses alors que la croissance reste "
                    + "faible dans la zone euro et que les taux d\u2019intérêt pèsent sur le coût de la dette publique.",
            "Au Parlement européen, un rapport adopté en commission propose de mutualiser une partie des achats "
                    + "d\u2019équipements afin de réduire les coûts et d\u2019harmoniser les matériels des armées.");

    @Test
    void aSixtyThousandCharacterArticleIsSplitExtractedAndMerged() {
        String text = article();
        assertThat(text.length()).isGreaterThanOrEqualTo(60_000);
        backend.answers(answer("[]", "Defence budgets keep rising in Europe"));
        backend.answersWhenAsked("Hélène Garnier, a reçu", answer(meetingWithGarnier(
                "La ministre des Armées, Hélène Garnier, a reçu lundi à Paris son homologue polonais, Tomasz Wiśniak"),
                "French and Polish defence ministers meet in Paris"));
        backend.answersWhenAsked("Marek Zając", answer("""
                [{"kind":"call","status":"held","participants":[
                  {"name":"Marek Zając","role":"Chief of the General Staff","organization":null,"country":"Poland","mentions":["Marek Zając"]},
                  {"name":"Rimas Vaitkus","role":"Chief of Defence","organization":null,"country":"Lithuania","mentions":["Rimas Vaitkus"]}],
                  "location":null,"date":null,"purpose":null,
                  "evidence":["le général Marek Zając, s'est entretenu mercredi par téléphone avec son homologue lituanien"]}]""",
                "Polish and Lithuanian army chiefs speak by phone"));
        backend.answersWhenAsked("Lors de leur rencontre de lundi", answer(meetingWithGarnier(
                "Lors de leur rencontre de lundi, Hélène Garnier et Tomasz Wiśniak ont également signé une lettre"),
                "Paris meeting ends with a letter of intent on pilot training"));
        backend.answersWhenAsked("<parts>", """
                {"headline":"France and Poland deepen defence ties as European budgets rise",
                 "summary":"French Defence Minister Hélène Garnier received her Polish counterpart in Paris on Monday. Polish and Lithuanian army chiefs also spoke by phone."}""");

        long started = System.nanoTime();
        JsonPath digest = given().contentType(ContentType.JSON).body(Map.of("text", text, "publishedAt", "2026-05-06"))
                .when().post("/v1/digests")
                .then().statusCode(200)
                .body("headline", equalTo("France and Poland deepen defence ties as European budgets rise"))
                .body("meetings", hasSize(2))
                .body("meetings.kind", equalTo(List.of("meeting", "call")))
                .body("validation.status", equalTo("passed"))
                .extract().jsonPath();

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(30));
        List<Integer> garnier = digest.getList("meetings[0].participants[0].mentions.start");
        assertThat(garnier).contains(text.indexOf("Hélène Garnier"), text.lastIndexOf("Hélène Garnier"));
        assertThat(text.lastIndexOf("Hélène Garnier")).isGreaterThan(55_000);
        assertThat(digest.getList("meetings[0].evidence")).hasSize(2);
        assertEveryOffsetIndexes(text, digest);
        int calls = digest.getInt("usage.llmCalls");
        assertThat(backend.chatRequests()).hasSize(calls);
        assertThat(calls).as("one call per chunk and one for the headline").isGreaterThan(5);
    }

    private static String article() {
        StringBuilder text = new StringBuilder(OPENING).append("\n\n");
        int paragraph = 0;
        while (text.length() < 30_000) {
            text.append(FILLER.get(paragraph % FILLER.size())).append(" (").append(++paragraph).append(")\n\n");
        }
        text.append(MIDDLE).append("\n\n");
        while (text.length() < 60_000) {
            text.append(FILLER.get(paragraph % FILLER.size())).append(" (").append(++paragraph).append(")\n\n");
        }
        return text.append(CLOSING).append('\n').toString();
    }

    private static String meetingWithGarnier(String evidence) {
        return """
                [{"kind":"meeting","status":"held","participants":[
                  {"name":"Hélène Garnier","role":"Minister of the Armed Forces","organization":null,"country":"France","mentions":["Hélène Garnier"]},
                  {"name":"Tomasz Wiśniak","role":"Minister of Defence","organization":null,"country":"Poland","mentions":["Tomasz Wiśniak"]}],
                  "location":{"name":"Paris","country":"France","mentions":["Paris"]},
                  "date":{"iso":"2026-05-04","mentions":["lundi"]},
                  "purpose":"To discuss air defence on NATO's eastern flank.",
                  "evidence":["%s"]}]""".formatted(evidence);
    }

    private static String answer(String meetings, String headline) {
        return """
                {"headline":"%s","summary":"%s.","translation":null,"meetings":%s}""".formatted(headline, headline, meetings);
    }
}
