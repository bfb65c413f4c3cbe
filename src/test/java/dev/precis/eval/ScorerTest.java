package dev.precis.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.model.Digest;
import dev.precis.grounding.Grounder;
import dev.precis.support.TestTexts;
import dev.precis.validation.AnswerValidator;
import dev.precis.validation.ArticleContext;
import dev.precis.validation.Checked;
import dev.precis.validation.Extraction;
import dev.precis.validation.LanguageGuard;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AnswerValidator validator;
    private static GoldArticle visit;

    @BeforeAll
    static void setUp() throws Exception {
        validator = new AnswerValidator(LanguageGuard.forLanguages(List.of("fr")), 366, List.of());
        visit = new GoldArticle("visit", TestTexts.article("visit-security-chiefs"), LocalDate.of(2026, 3, 10), "fr",
                extraction(TestTexts.answer("visit-security-chiefs")));
    }

    @Test
    void aPerfectPredictionScoresOne() {
        Scores scores = score(predict(visit, visit.gold()));
        assertThat(scores.participantF1()).isEqualTo(1.0);
        assertThat(scores.nameExactMatch()).isEqualTo(1.0);
        assertThat(scores.roleAgreement()).isEqualTo(1.0);
        assertThat(scores.locationF1()).isEqualTo(1.0);
        assertThat(scores.dateAccuracy()).isEqualTo(1.0);
        assertThat(scores.kindAccuracy()).isEqualTo(1.0);
        assertThat(scores.meetingCountAccuracy()).isEqualTo(1.0);
        assertThat(scores.groundedMentionRate()).isEqualTo(1.0);
        assertThat(scores.failuresByStatus()).isEmpty();
    }

    @Test
    void anEmptyPredictionFindsNothing() {
        Scores scores = score(predict(visit, new Extraction("h", "s", null, List.of())));
        assertThat(scores.participantRecall()).isZero();
        assertThat(scores.participantF1()).isZero();
        assertThat(scores.locationF1()).isZero();
        assertThat(scores.dateAccuracy()).isZero();
        assertThat(scores.meetingCountAccuracy()).isZero();
        assertThat(scores.perArticle().get(0).problems()).contains("missed participant Marc Delorme");
    }

    @Test
    void halfTheParticipantsIsHalfTheRecall() {
        Extraction.Meeting gold = visit.gold().meetings().get(0);
        Extraction half = withMeeting(new Extraction.Meeting(gold.kind(), gold.status(), List.of(gold.participants().get(0)),
                gold.location(), gold.date(), gold.purpose(), gold.evidence()));
        Scores scores = score(predict(visit, half));
        assertThat(scores.participantPrecision()).isEqualTo(1.0);
        assertThat(scores.participantRecall()).isEqualTo(0.5);
        assertThat(scores.participantF1()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void anExtraParticipantCostsPrecision() {
        Extraction.Meeting gold = visit.gold().meetings().get(0);
        List<Extraction.Participant> more = new ArrayList<>(gold.participants());
        more.add(new Extraction.Participant("Moroccan Foreign Ministry", null, null, "Morocco", List.of("DGED")));
        Scores scores = score(predict(visit, withMeeting(new Extraction.Meeting(gold.kind(), gold.status(), more,
                gold.location(), gold.date(), gold.purpose(), gold.evidence()))));
        assertThat(scores.participantPrecision()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(scores.participantRecall()).isEqualTo(1.0);
        assertThat(scores.participantF1()).isCloseTo(0.8, within(1e-9));
        assertThat(scores.perArticle().get(0).problems()).contains("extra participant Moroccan Foreign Ministry");
    }

    @Test
    void aDateIsJudgedAtTheGoldsPrecision() {
        Extraction.Meeting gold = visit.gold().meetings().get(0);
        Extraction monthOnly = withMeeting(new Extraction.Meeting(gold.kind(), gold.status(), gold.participants(),
                gold.location(), new Extraction.When("2026-03", gold.date().mentions()), gold.purpose(), gold.evidence()));
        assertThat(score(predict(visit, monthOnly)).dateAccuracy()).isZero();
        assertThat(Scorer.dateRight("2026-03", "2026-03-10")).isTrue();
        assertThat(Scorer.dateRight("2026-03-10", "2026-03")).isFalse();
        assertThat(Scorer.dateRight("2026", "2026-11")).isTrue();
        assertThat(Scorer.dateRight("2026-03-10", "2026-03-11")).isFalse();
    }

    @Test
    void aFailureCountsEveryGoldFactAsMissedAndIsCountedByStatus() {
        Scores scores = score(new Prediction(visit, null, 503, false, 10));
        assertThat(scores.participantRecall()).isZero();
        assertThat(scores.failuresByStatus()).containsEntry("503", 1);
        assertThat(scores.meetingCountAccuracy()).isZero();
    }

    private static Scores score(Prediction prediction) {
        return new Scorer().score("test", List.of(prediction));
    }

    private static Extraction withMeeting(Extraction.Meeting meeting) {
        return new Extraction(visit.gold().headline(), visit.gold().summary(), null, List.of(meeting));
    }

    /** A digest as the pipeline would build it from this extraction: validated and grounded in the article. */
    private static Prediction predict(GoldArticle article, Extraction extraction) {
        Checked checked = validator.check(extraction, new ArticleContext(new Grounder(article.text()), "fr", null, false));
        Digest digest = new Digest("fr", checked.content().headline(), checked.content().summary(), null,
                checked.content().meetings(), Digest.Validation.of(checked.issues()),
                new Digest.Usage("m", "v", 1, 0, 100, 50, null, 10, false));
        return new Prediction(article, digest, null, false, 10);
    }

    private static Extraction extraction(String json) throws Exception {
        return JSON.readValue(json, Extraction.class);
    }
}
