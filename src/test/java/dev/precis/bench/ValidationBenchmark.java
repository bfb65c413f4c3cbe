package dev.precis.bench;

import dev.precis.grounding.Grounder;
import dev.precis.support.TestTexts;
import dev.precis.validation.AnswerValidator;
import dev.precis.validation.ArticleContext;
import dev.precis.validation.Checked;
import dev.precis.validation.LanguageGuard;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What precis itself spends on one article, next to the LLM call: validating the model's answer (parse, schema,
 * grounding, language, dates, output guard), detecting the article's language, and indexing the article for
 * grounding. Each test article is checked against its scripted answer.
 *
 * <p>Compile with {@code mvn test-compile -Dmaven.compiler.proc=full}: from JDK 23 on, javac runs the JMH annotation
 * processor, which writes the benchmark list, only when asked. Run from the repository root, where the prompts are
 * read: {@code java -cp target/test-classes:target/classes:<test classpath> org.openjdk.jmh.Main
 * ValidationBenchmark}; JMH's options (-f, -wi, -i, -w, -r) override the counts below.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ValidationBenchmark {

    /** The service's defaults (precis.languages, precis.date-window-days): the models loaded decide the cost. */
    static final List<String> LANGUAGES =
            List.of("fr", "en", "de", "es", "it", "pt", "nl", "pl", "ro", "tr", "ru", "uk", "ar", "zh", "ja");
    static final int DATE_WINDOW_DAYS = 366;

    /** The base name of a test article and of its scripted answer. */
    @Param({"no-meeting", "phone-call", "two-meetings", "visit-security-chiefs"})
    public String article;

    private String text;
    private String answer;
    private LanguageGuard languages;
    private AnswerValidator validator;

    @Setup
    public void setUp() {
        text = TestTexts.article(article);
        answer = TestTexts.answer(article);
        languages = LanguageGuard.forLanguages(LANGUAGES);
        // Loading the language models takes longer than a whole warmup iteration; the service does it at startup.
        languages.warmUp();
        validator = new AnswerValidator(languages, DATE_WINDOW_DAYS, List.of(TestTexts.prompt("system.txt").strip()));
        requireClean(validator.check(answer, context()));
    }

    /** The whole check of one answer, grounder included: the service builds one per request. */
    @Benchmark
    public Checked validate() {
        return validator.check(answer, context());
    }

    @Benchmark
    public Optional<String> detectLanguage() {
        return languages.detect(text);
    }

    @Benchmark
    public Grounder buildGrounder() {
        return new Grounder(text);
    }

    /** No publication date, no translation: the common request, and dates are then not compared to one. */
    private ArticleContext context() {
        return new ArticleContext(new Grounder(text), "fr", null, false);
    }

    /** An answer with issues would time another path (an early exit, issues written) than a good answer takes. */
    private void requireClean(Checked checked) {
        if (!checked.usable() || !checked.issues().isEmpty()) {
            throw new IllegalStateException("the scripted answer for " + article + " does not pass validation: "
                    + checked.issues());
        }
    }
}
