package dev.precis.validation;

import dev.precis.model.Issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precis.deadline.Checkpoint;
import dev.precis.deadline.Deadline;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.deadline.RequestCancelledException;
import dev.precis.grounding.Grounder;
import dev.precis.support.TestTexts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Answers and articles built to make a careless parser or validator run for minutes. Each must be handled in time
 * linear in its size: the time limits here are an order of magnitude above what the work takes on a slow machine,
 * and far below what the quadratic versions took (36 s for the first case at a tenth of this size).
 */
class HostileAnswerTest {

    private static final String ARTICLE = TestTexts.article("visit-security-chiefs");
    private static AnswerValidator validator;

    @BeforeAll
    static void create() {
        validator = new AnswerValidator(LanguageGuard.forLanguages(List.of("fr")), 366,
                List.of(TestTexts.prompt("system.txt")));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void fencesAndBracesRepeatedTwoHundredThousandTimes() {
        Checked checked = validator.check("```{".repeat(200_000), context(ARTICLE, Checkpoint.NONE));
        assertThat(checked.usable()).isFalse();
        assertThat(checked.issues()).extracting(Issue::code).containsExactly("answer.unparseable");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void unterminatedObjectsAndStrings() {
        for (String hostile : List.of("{\"headline\":\"" + "x".repeat(400_000), "{".repeat(400_000),
                "{\"a\":".repeat(100_000), "[{".repeat(200_000), "{\"headline\":\"h\\u".repeat(50_000))) {
            assertThat(validator.check(hostile, context(ARTICLE, Checkpoint.NONE)).usable()).isFalse();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void markupLookalikesInEveryField() {
        String field = "[".repeat(50_000) + "<a".repeat(50_000) + "](".repeat(50_000) + "<script".repeat(20_000);
        String answer = "{\"headline\":\"h\",\"summary\":" + quoted(field) + ",\"meetings\":[{\"kind\":\"visit\","
                + "\"status\":\"held\",\"participants\":[{\"name\":" + quoted(field) + ",\"mentions\":[\"Marc Delorme\"]}],"
                + "\"purpose\":" + quoted(field) + ",\"evidence\":[" + quoted(field) + "]}]}";
        Checked checked = validator.check(answer, context(ARTICLE, Checkpoint.NONE));
        assertThat(checked.issues()).extracting(Issue::code).contains("output.markup_removed");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void longRepetitiveQuotesAgainstALongRepetitiveArticle() {
        String article = "a ".repeat(50_000) + "b";
        String quote = "a ".repeat(20_000) + "c";
        String answer = "{\"headline\":\"h\",\"summary\":\"s\",\"meetings\":[{\"kind\":\"visit\",\"status\":\"held\","
                + "\"participants\":[{\"name\":\"A\",\"mentions\":[\"" + quote + "\",\"" + quote + "b\"]}],"
                + "\"evidence\":[\"" + quote + "x\"]}]}";
        Checked checked = validator.check(answer, context(article, Checkpoint.NONE));
        assertThat(checked.issues()).extracting(Issue::code).contains("grounding.participant_not_found");
    }

    @Test
    void anAnswerQuotingThousandsOfStringsIsRefusedBeforeAnyIsLocated() {
        StringBuilder mentions = new StringBuilder();
        for (int i = 0; i <= AnswerValidator.MAX_QUOTES; i++) {
            mentions.append(i == 0 ? "" : ",").append("\"m").append(i).append('"');
        }
        String answer = "{\"headline\":\"h\",\"summary\":\"s\",\"meetings\":[{\"kind\":\"visit\",\"status\":\"held\","
                + "\"participants\":[{\"name\":\"A\",\"mentions\":[" + mentions + "]}],\"evidence\":[\"x\"]}]}";
        Checked checked = validator.check(answer, context(ARTICLE, Checkpoint.NONE));
        assertThat(checked.usable()).isFalse();
        assertThat(checked.issues().get(0).message()).contains("at most " + AnswerValidator.MAX_QUOTES);
    }

    @Test
    void halfASurrogatePairInsideTheAnswersJsonIsUnusable() {
        String answer = TestTexts.answer("visit-security-chiefs").replaceFirst("\"headline\": *\"", "\"headline\": \"x\\\\udc00");
        Checked checked = validator.check(answer, context(ARTICLE, Checkpoint.NONE));
        assertThat(checked.usable()).isFalse();
        assertThat(checked.issues().get(0).message()).contains("$.headline").contains("surrogate");
    }

    @Test
    void validationStopsAtTheDeadline() {
        Checkpoint expired = Checkpoint.of(new Deadline(System.nanoTime() - 1));
        String answer = TestTexts.answer("visit-security-chiefs");
        assertThatThrownBy(() -> validator.check(answer, context(ARTICLE, expired)))
                .isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void validationStopsWhenTheClientHasGone() {
        Checkpoint live = Checkpoint.of(Deadline.after(Duration.ofMinutes(5)));
        String answer = TestTexts.answer("visit-security-chiefs");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> validator.check(answer, context(ARTICLE, live)))
                    .isInstanceOf(RequestCancelledException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aLeakingSummaryMakesTheAnswerUnusableAndALeakingPurposeIsRemoved() {
        String system = TestTexts.prompt("system.txt");
        String leak = system.substring(0, Math.min(400, system.length())).replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n");
        String leakySummary = TestTexts.answer("visit-security-chiefs")
                .replaceFirst("\"summary\": *\"[^\"]*\"", "\"summary\": \"" + leak + "\"");
        Checked summary = validator.check(leakySummary, context(ARTICLE, Checkpoint.NONE));
        assertThat(summary.usable()).isFalse();
        assertThat(summary.issues()).extracting(Issue::code).contains("injection.prompt_leak");

        String leakyPurpose = TestTexts.answer("visit-security-chiefs")
                .replaceFirst("\"purpose\": *\"[^\"]*\"", "\"purpose\": \"" + leak + "\"");
        Checked purpose = validator.check(leakyPurpose, context(ARTICLE, Checkpoint.NONE));
        assertThat(purpose.usable()).isTrue();
        assertThat(purpose.content().meetings().get(0).purpose()).isNull();
        assertThat(purpose.issues()).extracting(Issue::code).contains("injection.prompt_leak");
    }

    private static ArticleContext context(String article, Checkpoint checkpoint) {
        return new ArticleContext(new Grounder(article, checkpoint), "fr", null, false);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
