package dev.precis.eval;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precis.support.LlmBackend;
import dev.precis.support.TestTexts;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The eval command end to end: the real pipeline on a small gold set against WireMock replaying prepared answers,
 * some deliberately wrong, and the exact scores it must report.
 */
@QuarkusMainTest
@TestProfile(EvalCommandTest.OwnBackend.class)
class EvalCommandTest {

    /** A main test gets no injected fields: it runs its own WireMock and points the application at it. */
    static final WireMockServer SERVER = started();

    public static class OwnBackend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("precis.llm.provider", "openai", "precis.llm.model", "test-model", "precis.llm.base-url", "http://localhost:" + SERVER.port() + "/v1",
                    "precis.cache.max-entries", "0", "precis.llm.retry-base-delay", "10ms",
                    "precis.llm.retry-max-delay", "50ms");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOLD = "src/test/resources/eval-fixture";

    @Test
    void scoresTheGoldSetExactlyAndGatesOnThresholds(QuarkusMainLauncher launcher) throws Exception {
        prepareAnswers();
        Path out = Files.createTempDirectory("precis-eval");

        LaunchResult run = launcher.launch("eval", "--gold", GOLD, "--out", out.toString(), "--label", "fixture");
        assertThat(run.exitCode()).as(run.getOutput() + run.getErrorOutput()).isZero();
        assertThat(run.getOutput()).contains("eval fixture: 4 articles, participant F1 0.615")
                .contains("eval: 1/4 articles, ").contains(" left").contains("eval: 4/4 articles (1 failed), ")
                .as("a served API's warning means nothing to a command on loopback").doesNotContain("OPEN");

        JsonNode scores = JSON.readTree(out.resolve("eval.json").toFile());
        // Participants: 4 found, 1 extra (FranceAgriMer), 4 missed (Moreau, and the 3 of the failed article).
        assertThat(scores.path("participantPrecision").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(scores.path("participantRecall").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(scores.path("participantF1").asDouble()).isCloseTo(8.0 / 13, within(1e-9));
        assertThat(scores.path("nameExactMatch").asDouble()).isEqualTo(1.0);
        // The 4 participants and 2 places found are named as the gold names them; no article has a glossary.
        assertThat(scores.path("nameExact").asDouble()).isEqualTo(1.0);
        assertThat(scores.path("glossaryArticles").asInt()).isZero();
        assertThat(scores.path("nameExactWithGlossary").isNull()).isTrue();
        assertThat(scores.path("glossaryEffect").isNull()).isTrue();
        assertThat(scores.path("roleAgreement").asDouble()).isEqualTo(1.0);
        assertThat(scores.path("organizationAgreement").asDouble()).isEqualTo(1.0);
        assertThat(scores.path("countryAgreement").asDouble()).isEqualTo(1.0);
        // Places: Rabat and Vienna found, Geneva and Bern lost with the failed article.
        assertThat(scores.path("locationF1").asDouble()).isCloseTo(4.0 / 6, within(1e-9));
        // Five gold dates: two right, the call's given as a month, two lost with the failed article.
        assertThat(scores.path("dateAccuracy").asDouble()).isCloseTo(0.4, within(1e-9));
        assertThat(scores.path("kindAccuracy").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(scores.path("statusAccuracy").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(scores.path("meetingCountAccuracy").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(scores.path("groundedMentionRate").asDouble()).isEqualTo(1.0);
        assertThat(scores.path("groundedEvidenceRate").asDouble()).isEqualTo(1.0);
        assertThat(scores.path("warningRate").asDouble()).isZero();
        assertThat(scores.path("repairCallsPerArticle").asDouble()).isZero();
        assertThat(scores.path("failuresByStatus").path("502").asInt()).isEqualTo(1);
        String report = Files.readString(out.resolve("eval.md"));
        assertThat(report).contains("## Participants", "## Worst articles", "failed with HTTP 502",
                "missed participant Jean-Baptiste Moreau", "date 2026-04 instead of 2026-04-19",
                "extra participant FranceAgriMer");

        LaunchResult gated = launcher.launch("eval", "--gold", GOLD, "--out", out.resolve("gated").toString(),
                "--label", "gated", "--min", "participantF1=0.9", "--min", "locationF1=0.5");
        assertThat(gated.exitCode()).isEqualTo(1);
        assertThat(gated.getOutput()).contains("below threshold: participantF1").doesNotContain("below threshold: locationF1");

        LaunchResult compared = launcher.launch("eval", "--compare", out.resolve("eval.json").toString(),
                out.resolve("gated/eval.json").toString(), "--out", out.toString());
        assertThat(compared.exitCode()).isZero();
        assertThat(Files.readString(out.resolve("comparison.md"))).contains("| | fixture | gated |", "| F1 | 0.615 | 0.615 |");

        // A run written before names were scored both ways still compares: what it lacks is n/a.
        ObjectNode before = (ObjectNode) JSON.readTree(out.resolve("eval.json").toFile());
        before.remove(java.util.List.of("nameExact", "glossaryArticles", "nameExactWithoutGlossary",
                "nameExactWithGlossary", "glossaryEffect"));
        before.path("perArticle").forEach(a -> ((ObjectNode) a).remove(java.util.List.of("namesExact", "namesScored")));
        before.put("label", "before");
        Files.writeString(out.resolve("before.json"), before.toString());
        LaunchResult withOld = launcher.launch("eval", "--compare", out.resolve("before.json").toString(),
                out.resolve("eval.json").toString(), "--out", out.toString());
        assertThat(withOld.exitCode()).as(withOld.getOutput()).isZero();
        assertThat(Files.readString(out.resolve("comparison.md"))).contains("| | before | fixture |",
                "| F1 | 0.615 | 0.615 |", "| participants and places named exactly | n/a | 1.000 |",
                "| articles with a glossary | n/a | 0 |");
    }

    @Test
    void aBackendThatRefusesEveryCallEndsTheRunWithItsOwnExitCode(QuarkusMainLauncher launcher) throws Exception {
        LlmBackend backend = new LlmBackend(SERVER);
        backend.reset();
        backend.responds(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"bad key\"}}"));
        Path out = Files.createTempDirectory("precis-eval");

        LaunchResult run = launcher.launch("eval", "--gold", GOLD, "--out", out.toString(), "--label", "down");

        assertThat(run.exitCode()).as(run.getOutput()).isEqualTo(EvalCommand.ARTICLES_FAILED);
        assertThat(run.getOutput()).contains("4 of 4 articles got no digest for a reason other than the model's answer");
    }

    @Test
    void usageErrorsAreSaidBeforeAnyCall(QuarkusMainLauncher launcher) {
        assertThat(EvalCommand.Options.parse(new String[] {"eval", "--help"}).help()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> EvalCommand.Options.parse(new String[] {"eval", "--min", "participantF1=high"}))
                .hasMessage("--min participantF1=high: high is not a number");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> EvalCommand.Options.parse(new String[] {"eval", "--gold"}))
                .hasMessage("--gold needs a value");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> EvalCommand.Options.parse(new String[] {"eval", "--gold", "/nonexistent/gold"}).checkFiles())
                .hasMessageStartingWith("no gold set at /nonexistent/gold");
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }

    private void prepareAnswers() throws Exception {
        LlmBackend backend = new LlmBackend(SERVER);
        backend.reset();
        backend.answersWhenAsked("Karim Benali, chef", TestTexts.answer("visit-security-chiefs"));

        ObjectNode call = (ObjectNode) JSON.readTree(TestTexts.answer("phone-call"));
        ObjectNode firstMeeting = (ObjectNode) call.get("meetings").get(0);
        ((ArrayNode) firstMeeting.get("participants")).remove(2);
        ((ObjectNode) firstMeeting.get("date")).put("iso", "2026-04");
        backend.answersWhenAsked("Claire Vasseur", call.toString());

        ObjectNode none = (ObjectNode) JSON.readTree(TestTexts.answer("no-meeting"));
        ObjectNode invented = ((ArrayNode) none.get("meetings")).addObject();
        invented.put("kind", "other");
        invented.put("status", "held");
        ObjectNode agency = invented.putArray("participants").addObject();
        agency.put("name", "FranceAgriMer");
        agency.putNull("role");
        agency.putNull("organization");
        agency.put("country", "France");
        agency.putArray("mentions").add("FranceAgriMer");
        invented.putNull("location");
        invented.putNull("date");
        invented.put("purpose", "To publish wheat price figures.");
        invented.putArray("evidence").add("selon les chiffres publiés mardi par l\u2019établissement public FranceAgriMer");
        backend.answersWhenAsked("blé tendre", none.toString());

        backend.answersWhenAsked("Oleksandr Kovalenko", "Je ne sais pas.");
    }
}
