package dev.precis.bench;

import dev.precis.deadline.Checkpoint;
import dev.precis.glossary.Glossary;
import dev.precis.glossary.GlossaryEnforcer;
import dev.precis.glossary.GlossaryEntry;
import dev.precis.glossary.GlossaryMatch;
import dev.precis.glossary.GlossarySet;
import dev.precis.grounding.Grounder;
import dev.precis.support.TestTexts;
import dev.precis.validation.AnswerValidator;
import dev.precis.validation.ArticleContext;
import dev.precis.validation.Checked;
import dev.precis.validation.LanguageGuard;
import java.util.ArrayList;
import java.util.List;
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
 * What a glossary adds to precis's own work per digest (issue 17), per test article: finding the entries the article
 * mentions in a 100,000-entry glossary (the 7 entries of {@code glossaries/newsroom.tsv} and 99,993 synthetic ones,
 * {@link SyntheticGlossary}) and in newsroom.tsv alone, writing the prompt's glossary block, and checking the
 * scripted answer with that match in the {@link ArticleContext} (names, ids, merges and texts held to the glossary)
 * against the same check without any glossary. "long-100k" is glossary-two-spellings repeated to 99,958 characters
 * (294 copies: 2,646 occurrences of its 7 entries), checked against glossary-two-spellings' answer.
 *
 * <p>Compiled like {@link ValidationBenchmark} ({@code mvn test-compile -Dmaven.compiler.proc=full}) and run from
 * the repository root by {@code bench/glossary.sh}; JMH's options (-f, -wi, -i, -w, -r, -p) override the counts below.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GlossaryBenchmark {

    /** The size of the large glossary, newsroom.tsv's entries included. */
    static final int ENTRIES = 100_000;
    /** The service's limit on an article (PRECIS_MAX_ARTICLE_CHARS). */
    static final int LONG_CHARS = 100_000;
    static final String LONG = "long-100k";
    static final String LONG_OF = "glossary-two-spellings";

    /** The article, its scripted answer, and the glossaries with what they find in it. */
    @State(Scope.Benchmark)
    public static class Article {

        @Param({"no-meeting", "phone-call", "two-meetings", "visit-security-chiefs", "glossary-two-spellings", LONG})
        public String article;

        /** The large glossary's size, newsroom.tsv's entries included (bench/glossary.sh --smoke takes 10,000). */
        @Param({"100000"})
        public int entries;

        String text;
        String answer;
        GlossarySet large;
        GlossarySet newsroom;
        GlossaryMatch largeMatch;

        @Setup
        public void setUp() {
            text = text(article);
            answer = TestTexts.answer(article.equals(LONG) ? LONG_OF : article);
            List<GlossaryEntry> all = SyntheticGlossary.generate(entries).entries();
            large = new GlossarySet(List.of(new Glossary("large", all)));
            newsroom = new GlossarySet(List.of(new Glossary("newsroom",
                    all.subList(0, SyntheticGlossary.newsroomLines().size()))));
            largeMatch = large.match(text, Checkpoint.NONE);
            GlossaryMatch small = newsroom.match(text, Checkpoint.NONE);
            if (!largeMatch.entries().equals(small.entries())) {
                throw new IllegalStateException(article + ": the large glossary finds " + largeMatch.entries()
                        + " where newsroom.tsv alone finds " + small.entries());
            }
            System.out.printf("%n[%s] %d characters; %d glossary occurrences of %d entries (glossary of %d)%n", article,
                    text.length(), largeMatch.occurrences().size(), largeMatch.entries().size(), entries);
        }
    }

    /** The validator as the service builds it (ValidationBenchmark's settings), its language models loaded. */
    @State(Scope.Benchmark)
    public static class Validation {

        AnswerValidator validator;
        /** The answer checked without a glossary: what enforcement gets (grounded meetings, cleaned texts). */
        Checked.Content plain;

        @Setup
        public void setUp(Article article) {
            LanguageGuard languages = LanguageGuard.forLanguages(ValidationBenchmark.LANGUAGES);
            languages.warmUp();
            validator = new AnswerValidator(languages, ValidationBenchmark.DATE_WINDOW_DAYS,
                    List.of(TestTexts.prompt("system.txt").strip()));
            Checked without = validator.check(article.answer, without(article));
            Checked with = validator.check(article.answer, with(article));
            if (!without.usable() || !with.usable()) {
                throw new IllegalStateException("the scripted answer for " + article.article + " is not usable: "
                        + without.issues() + " / " + with.issues());
            }
            plain = without.content();
            // The figures time the path these issues say was taken (notes of the glossary applied, a repair asked).
            System.out.printf("%n[%s] issues without a glossary: %s%n[%s] issues with the glossary: %s%n",
                    article.article, codes(without), article.article, codes(with));
        }
    }

    /** (a) The entries an article mentions, found in 100,000 entries: once per request. */
    @Benchmark
    public GlossaryMatch match(Article a) {
        return a.large.match(a.text, Checkpoint.NONE);
    }

    /** The same in newsroom.tsv alone (7 entries): what the glossary's size adds to (a). */
    @Benchmark
    public GlossaryMatch matchNewsroomOnly(Article a) {
        return a.newsroom.match(a.text, Checkpoint.NONE);
    }

    /** The lines the prompt gets; the service writes them for the cache key and again for the prompt. */
    @Benchmark
    public String promptBlock(Article a) {
        return a.largeMatch.promptBlock();
    }

    /** (b) The whole check of the answer, grounder included, with no glossary (the 4-argument context). */
    @Benchmark
    public Checked validateWithout(Article a, Validation v) {
        return v.validator.check(a.answer, without(a));
    }

    /** (b) The same with the large glossary's match in the context: enforcement after the model included. */
    @Benchmark
    public Checked validateWithGlossary(Article a, Validation v) {
        return v.validator.check(a.answer, with(a));
    }

    /**
     * Enforcement alone (names, ids, merges, texts), as the check runs it on the grounded answer: what (b) adds before
     * the language check, which then judges the texts as the glossary left them (fewer French words to weigh, say).
     */
    @Benchmark
    public GlossaryEnforcer.Result enforce(Article a, Validation v) {
        return GlossaryEnforcer.enforce(a.largeMatch, v.plain.headline(), v.plain.summary(), v.plain.translation(),
                v.plain.meetings(), Checkpoint.NONE);
    }

    static String text(String article) {
        if (!article.equals(LONG)) {
            return TestTexts.article(article);
        }
        String one = TestTexts.article(LONG_OF).strip() + "\n\n";
        StringBuilder text = new StringBuilder(LONG_CHARS);
        while (text.length() + one.length() <= LONG_CHARS) {
            text.append(one);
        }
        return text.toString().strip();
    }

    private static ArticleContext without(Article a) {
        return new ArticleContext(new Grounder(a.text), "fr", null, false);
    }

    private static ArticleContext with(Article a) {
        return new ArticleContext(new Grounder(a.text), "fr", null, false, a.largeMatch);
    }

    private static List<String> codes(Checked checked) {
        List<String> codes = new ArrayList<>();
        checked.issues().forEach(issue -> codes.add(issue.code().toString()));
        return codes;
    }
}
