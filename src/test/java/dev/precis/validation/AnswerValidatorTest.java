package dev.precis.validation;

import dev.precis.model.Issue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.model.Digest;
import dev.precis.grounding.Grounder;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnswerValidatorTest {

    private static final String ARTICLE = "Moscou, 3 mai 2026 \u2013 Vladimir Poutine a re\u00e7u lundi au Kremlin le "
            + "pr\u00e9sident kirghize, Almaz Dzhaparov. Poutine a salu\u00e9 \u00ab\u00a0un partenaire fiable\u00a0\u00bb.";

    private static AnswerValidator validator;

    @BeforeAll
    static void create() {
        validator = new AnswerValidator(LanguageGuard.forLanguages(List.of("fr", "es", "de")), 366,
                List.of(dev.precis.support.TestTexts.prompt("system.txt")));
    }

    @Test
    void aCorrectAnswerPassesWithEveryFactGrounded() {
        Checked checked = check(answer(meeting("\"visit\"", "\"held\"", "\"2026-05-04\"")), LocalDate.of(2026, 5, 5));

        assertThat(checked.issues()).isEmpty();
        Digest.Meeting meeting = checked.content().meetings().get(0);
        assertThat(meeting.participants()).allMatch(Digest.Participant::grounded);
        // "Poutine" inside "Vladimir Poutine" is not reported twice; the lone "Poutine" later on is.
        assertThat(meeting.participants().get(0).mentions()).extracting(Digest.Mention::text)
                .containsExactly("Vladimir Poutine", "Poutine");
        assertThat(meeting.location().mentions()).extracting(Digest.Mention::start)
                .containsExactly(ARTICLE.indexOf("Kremlin"));
        assertThat(meeting.evidence().get(0).grounded()).isTrue();
    }

    @Test
    void fieldsTheArticleDoesNotGiveAreNullAndNotIssues() {
        String meeting = """
                {"kind":"meeting","status":"held","participants":[
                  {"name":"Vladimir Putin","role":null,"organization":null,"country":null,"mentions":["Vladimir Poutine"]}],
                 "location":null,"date":null,"purpose":null,"evidence":["Vladimir Poutine a reçu lundi au Kremlin"]}""";
        Checked checked = check(answer(meeting), null);

        assertThat(checked.issues()).isEmpty();
        assertThat(checked.content().meetings().get(0).location()).isNull();
        assertThat(checked.content().meetings().get(0).participants().get(0).role()).isNull();
    }

    @Test
    void kindAndStatusOutsideTheirSetsAreRepairableAndFallBack() {
        Checked checked = check(answer(meeting("\"entrevue\"", "null", "\"2026-05-04\"")), null);

        assertThat(codes(checked)).containsExactly("schema.invalid_value", "schema.missing_field");
        assertThat(checked.needsRepair()).isTrue();
        assertThat(checked.content().meetings().get(0).kind()).isEqualTo("other");
        assertThat(checked.content().meetings().get(0).status()).isEqualTo("unknown");
        assertThat(checked.issues().get(0).path()).isEqualTo("$.meetings[0].kind");
    }

    @Test
    void enumValuesAreReadCaseInsensitively() {
        Checked checked = check(answer(meeting("\"Visit\"", "\"HELD\"", "\"2026-05-04\"")), null);
        assertThat(checked.issues()).isEmpty();
        assertThat(checked.content().meetings().get(0).kind()).isEqualTo("visit");
    }

    @Test
    void datesMustBeRealAtOneOfThreePrecisions() {
        assertThat(codes(check(answer(meeting("\"visit\"", "\"held\"", "\"2026-05\"")), null))).isEmpty();
        assertThat(codes(check(answer(meeting("\"visit\"", "\"held\"", "\"2026\"")), null))).isEmpty();
        Checked impossible = check(answer(meeting("\"visit\"", "\"held\"", "\"2026-02-30\"")), null);
        assertThat(codes(impossible)).containsExactly("schema.invalid_date");
        assertThat(impossible.content().meetings().get(0).date()).isNull();
        assertThat(codes(check(answer(meeting("\"visit\"", "\"held\"", "\"04/05/2026\"")), null)))
                .containsExactly("schema.invalid_date");
    }

    @Test
    void aDateFarFromThePublicationDateIsFlaggedButNotRepaired() {
        Checked checked = check(answer(meeting("\"visit\"", "\"held\"", "\"2024-05-04\"")), LocalDate.of(2026, 5, 5));

        assertThat(codes(checked)).containsExactly("date.far_from_publication");
        assertThat(checked.needsRepair()).isFalse();
        assertThat(codes(check(answer(meeting("\"visit\"", "\"held\"", "\"2026-05\"")), LocalDate.of(2026, 5, 5))))
                .isEmpty();
    }

    @Test
    void anInventedParticipantIsUngroundedAndRepairable() {
        String meeting = meeting("\"visit\"", "\"held\"", "\"2026-05-04\"")
                .replace("[\"Almaz Dzhaparov\"]", "[\"Sadyr Japarov\"]");
        Checked checked = check(answer(meeting), null);

        Digest.Participant invented = checked.content().meetings().get(0).participants().get(1);
        assertThat(invented.grounded()).isFalse();
        assertThat(invented.mentions()).isEmpty();
        assertThat(codes(checked)).containsExactly("grounding.participant_not_found");
        assertThat(checked.issues().get(0).path()).isEqualTo("$.meetings[0].participants[1].mentions");
        assertThat(checked.needsRepair()).isTrue();
    }

    @Test
    void evidenceNotInTheArticleIsKeptUngroundedWithoutOffsets() {
        String meeting = meeting("\"visit\"", "\"held\"", "\"2026-05-04\"")
                .replace("Vladimir Poutine a reçu lundi au Kremlin", "Les deux présidents ont signé un traité");
        Checked checked = check(answer(meeting), null);

        Digest.Evidence evidence = checked.content().meetings().get(0).evidence().get(0);
        assertThat(evidence.grounded()).isFalse();
        assertThat(evidence.start()).isNull();
        assertThat(codes(checked)).containsExactly("grounding.evidence_not_found");
    }

    @Test
    void aMeetingWithoutEvidenceOrParticipantsIsRepairable() {
        String meeting = """
                {"kind":"meeting","status":"held","participants":[],"location":null,"date":null,"purpose":null,"evidence":[]}""";
        Checked checked = check(answer(meeting), null);
        assertThat(codes(checked)).containsExactly("schema.missing_field", "schema.missing_field");
        assertThat(checked.needsRepair()).isTrue();
    }

    @Test
    void missingHeadlineMakesTheAnswerUnusable() {
        Checked checked = validator.check("{\"summary\":\"Putin met Japarov.\",\"meetings\":[]}", context(null));
        assertThat(checked.usable()).isFalse();
        assertThat(codes(checked)).containsExactly("schema.missing_field");
    }

    @Test
    void foreignPurposeIsRepairableAndNamesDoNotCount() {
        String meeting = meeting("\"visit\"", "\"held\"", "\"2026-05-04\"")
                .replace("To strengthen ties between Russia and Kyrgyzstan.",
                        "Renforcer les liens entre la Russie et le Kirghizistan après les élections.");
        Checked checked = check(answer(meeting), null);
        assertThat(codes(checked)).containsExactly("language.not_english");
        assertThat(checked.issues().get(0).path()).isEqualTo("$.meetings[0].purpose");
    }

    @Test
    void aSentenceDisguisedAsALocationNameIsNotTakenOutOfTheTextsJudged() {
        String spanish = "El presidente ruso recibió a su homólogo kirguís en el Kremlin para reforzar los lazos";
        String answer = answer(meeting("\"visit\"", "\"held\"", "\"2026-05-04\"")
                .replace("\"location\":{\"name\":\"Kremlin\"", "\"location\":{\"name\":\"" + spanish + "\""))
                .replace("Putin received the Kyrgyz president at the Kremlin on Monday.", spanish + ".");
        assertThat(codes(check(answer, null))).contains("language.not_english");
    }

    @Test
    void aSummaryOfMoreThanThreeSentencesIsFlagged() {
        String answer = answer(meeting("\"visit\"", "\"held\"", "\"2026-05-04\"")).replace(
                "Putin received the Kyrgyz president at the Kremlin on Monday.",
                "Putin received Japarov. They talked at length. They praised each other. They will meet again.");
        assertThat(codes(check(answer, null))).containsExactly("summary.too_long");
    }

    @Test
    void translationIsRequiredOnlyWhenAsked() {
        Checked asked = validator.check(answer(meeting("\"visit\"", "\"held\"", "\"2026-05-04\"")),
                new ArticleContext(new Grounder(ARTICLE), "fr", null, true));
        assertThat(codes(asked)).containsExactly("schema.missing_field");
        assertThat(asked.issues().get(0).path()).isEqualTo("$.translation");
    }

    private static Checked check(String answer, LocalDate publishedAt) {
        return validator.check(answer, context(publishedAt));
    }

    private static ArticleContext context(LocalDate publishedAt) {
        return new ArticleContext(new Grounder(ARTICLE), "fr", publishedAt, false);
    }

    private static List<String> codes(Checked checked) {
        return checked.issues().stream().map(Issue::code).toList();
    }

    private static String answer(String meeting) {
        return """
                {"headline":"Putin receives the Kyrgyz president at the Kremlin",
                 "summary":"Putin received the Kyrgyz president at the Kremlin on Monday.",
                 "translation":null,
                 "meetings":[%s]}""".formatted(meeting);
    }

    private static String meeting(String kind, String status, String iso) {
        return """
                {"kind":%s,"status":%s,
                 "participants":[
                   {"name":"Vladimir Putin","role":"President","organization":null,"country":"Russia",
                    "mentions":["Vladimir Poutine","Poutine"]},
                   {"name":"Sadyr Japarov","role":"President","organization":null,"country":"Kyrgyzstan",
                    "mentions":["Almaz Dzhaparov"]}],
                 "location":{"name":"Kremlin","country":"Russia","mentions":["Kremlin"]},
                 "date":{"iso":%s,"mentions":["lundi"]},
                 "purpose":"To strengthen ties between Russia and Kyrgyzstan.",
                 "evidence":["Vladimir Poutine a reçu lundi au Kremlin"]}""".formatted(kind, status, iso);
    }
}
