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

    @Test
    void namesAreExactOnlyAsTheGoldWritesThem() {
        Extraction.Meeting gold = visit.gold().meetings().get(0);
        Extraction.Participant delorme = gold.participants().get(0);
        Extraction.Participant benali = gold.participants().get(1);
        Extraction renamed = withMeeting(new Extraction.Meeting(gold.kind(), gold.status(), List.of(
                new Extraction.Participant("marc delorme", delorme.role(), delorme.organization(), delorme.country(),
                        delorme.mentions()),
                benali),
                new Extraction.Place("Rabat, Morocco", gold.location().country(), gold.location().mentions()),
                gold.date(), gold.purpose(), gold.evidence()));
        Scores scores = score(predict(visit, renamed));
        // Two participants and a place found; only Benali is named as the gold writes him.
        assertThat(scores.nameExact()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(scores.nameExactMatch()).as("participants, ignoring case").isEqualTo(1.0);
        assertThat(scores.locationF1()).as("the place is found all the same").isEqualTo(1.0);
        assertThat(scores.perArticle().get(0).problems()).contains("name marc delorme instead of Marc Delorme",
                "place Rabat, Morocco instead of Rabat");
        assertThat(scores.perArticle().get(0).namesExact()).isEqualTo(1);
        assertThat(scores.perArticle().get(0).namesScored()).isEqualTo(3);
        assertThat(scores.glossaryArticles()).as("no article has a glossary").isNull();
    }

    @Test
    void articlesWithAGlossaryAreScoredWithoutAndWithIt() {
        GoldArticle withGlossary = new GoldArticle("visit", visit.text(), visit.publishedAt(), "fr", visit.gold(),
                List.of(dev.precis.glossary.GlossaryEntry.of("Marc Delorme", "Marc Delorme", "person", null, null)));
        Extraction.Meeting gold = visit.gold().meetings().get(0);
        Extraction.Participant delorme = gold.participants().get(0);
        Extraction misspelt = withMeeting(new Extraction.Meeting(gold.kind(), gold.status(), List.of(
                new Extraction.Participant("Mark Delorm", delorme.role(), delorme.organization(), delorme.country(),
                        delorme.mentions()), gold.participants().get(1)),
                gold.location(), gold.date(), gold.purpose(), gold.evidence()));
        Prediction without = predict(withGlossary, misspelt);
        Prediction with = predict(withGlossary, withGlossary.gold());

        Scores scores = new Scorer().score("test", List.of(with), List.of(without));

        assertThat(scores.glossaryArticles()).isEqualTo(1);
        assertThat(scores.nameExactWithoutGlossary()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(scores.nameExactWithGlossary()).isEqualTo(1.0);
        assertThat(scores.nameExact()).as("the run with the glossary").isEqualTo(1.0);
        assertThat(scores.metric("nameExactWithGlossary")).isEqualTo(1.0);
        assertThat(scores.glossaryEffect().without().participantF1()).isEqualTo(1.0);
        assertThat(Reports.summary(scores)).contains("names exact 1.000 (0.667 → 1.000 with glossary, 1 articles "
                + "with a glossary)");
        assertThat(Reports.markdown(scores, 8)).contains("| those articles, named exactly with their glossary | 1.000 |",
                "| visit | 2 of 3 | 3 of 3 |");
        assertThat(new Scorer().score("test", List.of(predict(visit, visit.gold())), List.of()).glossaryArticles())
                .isZero();
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
