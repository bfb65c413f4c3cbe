package dev.precis.eval;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precis.support.LlmBackend;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The glossaries of the gold set, shown working: {@code eval --gold eval/gold} against a backend that answers each
 * article with its gold extraction, except that every participant and place is named as the article first writes it
 * ("Oleksandr Levtchenko", "Genève", "Palacio Santos") — the mistake a model makes when it copies the article instead
 * of giving the English name. The articles with a glossary are run without it and with it.
 */
@QuarkusMainTest
@TestProfile(EvalGlossaryTest.OwnBackend.class)
class EvalGlossaryTest {

    static final WireMockServer SERVER = started();

    public static class OwnBackend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // One call per article: the longest gold article (about 26,000 characters) would otherwise be split in
            // two, and the scripted backend answers whole articles.
            return Map.of("precis.llm.provider", "openai", "precis.llm.model", "test-model", "precis.llm.base-url",
                    "http://localhost:" + SERVER.port() + "/v1", "precis.cache.max-entries", "0",
                    "precis.chunk-tokens", "12000", "precis.llm.retry-base-delay", "10ms",
                    "precis.llm.retry-max-delay", "50ms");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLD = Path.of("eval/gold");
    /** The scores where higher is better: a glossary must make none of them worse. */
    private static final List<String> HIGHER_IS_BETTER = List.of("participantPrecision", "participantRecall",
            "participantF1", "nameExactMatch", "roleAgreement", "organizationAgreement", "countryAgreement", "locationF1",
            "dateAccuracy", "kindAccuracy", "statusAccuracy", "meetingCountAccuracy", "groundedMentionRate",
            "groundedEvidenceRate");

    @Test
    void theGlossariesOfTheGoldSetMakeItsNamesRight(QuarkusMainLauncher launcher) throws Exception {
        LlmBackend backend = scriptGoldAnswers();
        Path out = Files.createTempDirectory("precis-eval-glossary");

        LaunchResult run = launcher.launch("eval", "--gold", GOLD.toString(), "--out", out.toString(), "--label",
                "scripted", "--min", "nameExactWithGlossary=0.85", "--min", "nameExactWithoutGlossary=0.85");

        assertThat(run.exitCode()).as(run.getOutput() + run.getErrorOutput()).isEqualTo(EvalCommand.BELOW_THRESHOLD);
        assertThat(run.getOutput())
                .contains("eval: 7 of 32 articles have a glossary: each is run without it, then with it (39 digests)")
                .contains("eval scripted: 32 articles, participant F1 1.000, names exact 0.793 (0.622 → 0.973 with "
                        + "glossary, 7 articles with a glossary), location F1 1.000")
                .contains("below threshold: nameExactWithoutGlossary = 0.622 < 0.85")
                .doesNotContain("below threshold: nameExactWithGlossary");
        assertThat(backend.chatRequests()).as("one call per digest: the glossary articles are asked twice")
                .hasSize(39);
        assertThat(backend.rawChatRequests()).as("only the run with the glossary gives it to the model")
                .filteredOn(r -> r.getBodyAsString().contains("La Valette => Valletta (place, id place.valletta)"))
                .hasSize(1);

        JsonNode scores = JSON.readTree(out.resolve("eval.json").toFile());
        assertThat(scores.path("glossaryArticles").asInt()).isEqualTo(7);
        // Of the 37 gold participants and places of those articles, 23 are named right without the glossary (the
        // article writes them as the gold does) and 36 with it (the countries taking part in a summit, "Chypre",
        // "Croatie", "Slovénie", renamed by their place entries). The one left: the DGSE's chief, named by his title.
        assertThat(scores.path("nameExactWithoutGlossary").asDouble()).isCloseTo(23.0 / 37, within(1e-9));
        assertThat(scores.path("nameExactWithGlossary").asDouble()).isCloseTo(36.0 / 37, within(1e-9));
        // All 32 articles, those with a glossary as run with it: 111 of the 140 gold participants and places.
        assertThat(scores.path("nameExact").asDouble()).isCloseTo(111.0 / 140, within(1e-9));
        JsonNode without = scores.path("glossaryEffect").path("without");
        JsonNode with = scores.path("glossaryEffect").path("with");
        assertThat(with.path("articles").asInt()).isEqualTo(7);
        for (String score : HIGHER_IS_BETTER) {
            assertThat(with.path(score).asDouble()).as(score).isGreaterThanOrEqualTo(without.path(score).asDouble());
        }
        assertThat(with.path("warningRate").asDouble()).isLessThanOrEqualTo(without.path("warningRate").asDouble());

        String report = Files.readString(out.resolve("eval.md"));
        assertThat(report).contains("| participants and places named exactly | 0.793 |",
                "| those articles, named exactly without their glossary | 0.622 |",
                "| those articles, named exactly with their glossary | 0.973 |",
                "## The 7 articles with a glossary, without and with it",
                "| b02-paris-levtchenko | 1 of 3 | 3 of 3 |",
                "| a06-sommet-med9-la-valette | 6 of 10 | 10 of 10 |",
                "| c03-cumbre-mercosur-agricultura | 4 of 6 | 6 of 6 |");
    }

    @Test
    void aGlossaryTheGoldSetCannotUseIsSaidBeforeAnyCall(QuarkusMainLauncher launcher) throws Exception {
        LlmBackend backend = new LlmBackend(SERVER);
        backend.reset();
        Path gold = Files.createTempDirectory("precis-gold");
        Files.writeString(gold.resolve("one.txt"), "Genève, 3 mars 2026 – Une réunion s'est tenue à Genève.");
        Files.writeString(gold.resolve("one.json"), """
                {"publishedAt": "2026-03-03", "sourceLanguage": "fr", "glossary": "places",
                 "gold": {"headline": "A meeting in Geneva", "summary": "A meeting.", "meetings": []}}
                """);

        LaunchResult missing = launcher.launch("eval", "--gold", gold.toString(), "--out", gold.resolve("out").toString());
        assertThat(missing.exitCode()).isEqualTo(EvalCommand.USAGE_ERROR);
        assertThat(missing.getOutput()).contains("glossary \"places\" is not there (" + gold.resolve("glossaries")
                .resolve("places.tsv"));

        Files.createDirectories(gold.resolve("glossaries"));
        Files.writeString(gold.resolve("glossaries/places.tsv"), "source\ttarget\tkind\nGenève\tGeneva\tcity\n");
        LaunchResult bad = launcher.launch("eval", "--gold", gold.toString(), "--out", gold.resolve("out").toString());
        assertThat(bad.exitCode()).isEqualTo(EvalCommand.USAGE_ERROR);
        assertThat(bad.getOutput()).contains("places.tsv: line 2: kind must be one of");
        assertThat(backend.requestCount()).as("no model called").isZero();
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }

    /**
     * Each gold article answered with its gold extraction, its participants and places named by the mention the
     * article writes first; the article is recognised by the start of its first line.
     */
    private static LlmBackend scriptGoldAnswers() throws Exception {
        LlmBackend backend = new LlmBackend(SERVER);
        backend.reset();
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        List<GoldArticle> gold = GoldArticle.load(GOLD, json);
        for (GoldArticle article : gold) {
            String marker = article.text().strip().lines().findFirst().orElseThrow();
            marker = marker.substring(0, Math.min(50, marker.length()));
            assertThat(marker).doesNotContain("\"", "\\");
            String own = marker;
            assertThat(gold).as(marker).filteredOn(a -> a.text().contains(own)).hasSize(1);
            JsonNode answer = json.readTree(GOLD.resolve(article.id() + ".json").toFile()).path("gold").deepCopy();
            for (JsonNode meeting : answer.path("meetings")) {
                for (JsonNode participant : meeting.path("participants")) {
                    nameAsWrittenFirst((ObjectNode) participant, article.text());
                }
                if (meeting.path("location").isObject()) {
                    nameAsWrittenFirst((ObjectNode) meeting.path("location"), article.text());
                }
            }
            backend.answersWhenAsked(marker, answer.toString());
        }
        return backend;
    }

    private static void nameAsWrittenFirst(ObjectNode item, String text) {
        String first = null;
        for (JsonNode mention : item.path("mentions")) {
            int at = text.indexOf(mention.asText());
            if (at >= 0 && (first == null || at < text.indexOf(first))) {
                first = mention.asText();
            }
        }
        item.put("name", first);
    }
}
