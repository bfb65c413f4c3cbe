package dev.precis.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.precis.config.PrecisConfig;
import dev.precis.digest.ArticleTooLongException;
import dev.precis.model.Digest;
import dev.precis.digest.DigestRequest;
import dev.precis.digest.DigestService;
import dev.precis.digest.InvalidRequestException;
import dev.precis.digest.UnusableAnswerException;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.glossary.Glossaries;
import dev.precis.glossary.GlossaryException;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LoadShedException;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code java -jar quarkus-run.jar eval …}: runs the real pipeline on every gold article against the configured
 * backend, scores it, writes {@code eval.md} and {@code eval.json}, prints one line, and exits with a code a CI job can
 * act on ({@link #USAGE}). {@code eval --compare a.json b.json} puts two runs side by side.
 *
 * <p>An article the gold set gives a glossary is run twice, without it and with it, its entries given inline as a
 * request would give them: the English names are reported both ways. No glossary of {@code PRECIS_GLOSSARIES_DIR}
 * applies to any article: a run measures the gold set alone.
 */
public class EvalCommand implements QuarkusApplication {

    /** Every score is at or above its --min. */
    public static final int OK = 0;
    /** A score is below its --min. */
    public static final int BELOW_THRESHOLD = 1;
    /** The command line or the gold folder is wrong: nothing was run. */
    public static final int USAGE_ERROR = 2;
    /** Articles got no digest for a reason other than the model's answer: the scores do not measure the model. */
    public static final int ARTICLES_FAILED = 3;

    public static final String USAGE = """
            usage: java -jar quarkus-run.jar eval [--gold DIR] [--out DIR] [--label NAME] [--min SCORE=VALUE]...
                   java -jar quarkus-run.jar eval --compare RUN.json RUN.json... [--out DIR]

            Runs every article of the gold set through the pipeline against the backend the PRECIS_* settings
            configure, scores the digests against the gold extractions, and writes eval.md and eval.json. An
            article the gold set gives a glossary is run twice, without it and with it (English names reported
            both ways); no glossary of PRECIS_GLOSSARIES_DIR applies.

              --gold DIR          the gold set: name.txt + name.json pairs, glossaries/ (default eval/gold)
              --out DIR           where the reports go (default target/eval); --compare writes comparison.md there
              --label NAME        the run's name in the reports (default run)
              --min SCORE=VALUE   fail (exit 1) when SCORE is below VALUE; repeatable. Scores: %s
              --compare FILES     put the eval.json of two or more runs side by side (no model is called)
              --help              this text

            exit codes: 0 every score at or above its --min
                        1 a score below its --min
                        2 a usage error, no gold set where --gold points, or a gold glossary that cannot be
                          used: nothing was run
                        3 articles got no digest for a reason other than the model's answer (backend unreachable,
                          refused, overloaded, too slow): the scores do not measure the model
            """.formatted(String.join(", ", new java.util.TreeSet<>(Scores.THRESHOLD_NAMES)));

    private static final Logger LOG = Logger.getLogger(EvalCommand.class);
    private static final int WORST_ARTICLES = 8;

    @Inject
    DigestService digests;

    @Inject
    ObjectMapper json;

    @Inject
    PrecisConfig config;

    /** A command line that cannot be run, said in one sentence. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The command line: what to read, where to write, what to require. */
    public record Options(Path gold, Path out, String label, Map<String, Double> minimums, List<Path> compare,
            boolean help) {

        /** @param args the whole command line, {@code eval} first */
        public static Options parse(String[] args) {
            Path gold = Path.of("eval/gold");
            Path out = Path.of("target/eval");
            String label = "run";
            Map<String, Double> minimums = new LinkedHashMap<>();
            List<Path> compare = new ArrayList<>();
            boolean help = false;
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--help", "-h" -> help = true;
                    case "--gold" -> gold = Path.of(value(args, ++i, option));
                    case "--out" -> out = Path.of(value(args, ++i, option));
                    case "--label" -> label = value(args, ++i, option);
                    case "--min" -> {
                        String[] threshold = value(args, ++i, option).split("=", 2);
                        if (threshold.length != 2 || !Scores.THRESHOLD_NAMES.contains(threshold[0])) {
                            throw new UsageException("--min takes SCORE=VALUE, SCORE one of "
                                    + new java.util.TreeSet<>(Scores.THRESHOLD_NAMES));
                        }
                        try {
                            minimums.put(threshold[0], Double.parseDouble(threshold[1]));
                        } catch (NumberFormatException e) {
                            throw new UsageException("--min " + args[i] + ": " + threshold[1] + " is not a number");
                        }
                    }
                    case "--compare" -> {
                        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            compare.add(Path.of(args[++i]));
                        }
                        if (compare.size() < 2) {
                            throw new UsageException("--compare takes the eval.json of two runs or more");
                        }
                    }
                    default -> throw new UsageException("unknown option " + option);
                }
            }
            return new Options(gold, out, label, minimums, compare, help);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new UsageException(option + " needs a value");
            }
            return args[i];
        }

        /** What must be there before anything starts: the gold set, or the runs to compare. */
        public void checkFiles() {
            if (!compare.isEmpty()) {
                compare.stream().filter(file -> !Files.isRegularFile(file)).findFirst().ifPresent(file -> {
                    throw new UsageException("--compare: " + file + " is not a file (an eval.json a run wrote)");
                });
                return;
            }
            if (!Files.isDirectory(gold)) {
                throw new UsageException("no gold set at " + gold + (gold.equals(Path.of("eval/gold"))
                        ? " (the default: run from the repository's folder, or give --gold DIR)"
                        : "; --gold takes a folder of name.txt + name.json pairs"));
            }
            try (var files = Files.list(gold)) {
                if (files.noneMatch(file -> file.getFileName().toString().endsWith(".json"))) {
                    throw new UsageException("the gold set at " + gold + " has no name.json files");
                }
            } catch (IOException e) {
                throw new UsageException("cannot read the gold set at " + gold + ": " + e.getMessage());
            }
        }
    }

    @Override
    public int run(String... args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
            if (options.help()) {
                System.out.println(USAGE);
                return OK;
            }
            options.checkFiles();
        } catch (UsageException e) {
            // Checked before any LLM call: a typo in a threshold must not cost a whole run.
            System.out.println("eval: " + e.getMessage() + " (eval --help for the options)");
            return USAGE_ERROR;
        }
        List<GoldArticle> gold = null;
        if (options.compare().isEmpty()) {
            try {
                // Glossaries go to the pipeline inline: each article's must fit what a request may give.
                gold = GoldArticle.load(options.gold(), json, config.glossary().maxInlineEntries());
            } catch (GoldArticle.GoldSetException | UncheckedIOException e) {
                System.out.println("eval: " + e.getMessage() + (e.getCause() == null ? ""
                        : " (" + e.getCause().getMessage() + ")"));
                return USAGE_ERROR;
            }
        }
        Files.createDirectories(options.out());
        ObjectMapper writer = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        if (!options.compare().isEmpty()) {
            List<Scores> runs = new ArrayList<>();
            for (Path file : options.compare()) {
                runs.add(json.readValue(file.toFile(), Scores.class));
            }
            write(options.out().resolve("comparison.md"), Reports.comparison(runs));
            System.out.println(Reports.comparison(runs));
            System.out.println("eval: written to " + options.out().resolve("comparison.md"));
            return OK;
        }
        long withGlossary = gold.stream().filter(GoldArticle::hasGlossary).count();
        if (withGlossary > 0) {
            System.out.println("eval: " + withGlossary + " of " + gold.size() + " articles have a glossary: each is run "
                    + "without it, then with it (" + (gold.size() + withGlossary) + " digests)");
        }
        List<Prediction> predictions = new ArrayList<>();
        List<Prediction> withoutGlossary = new ArrayList<>();
        Progress progress = new Progress(gold.size(), System.nanoTime());
        int outages = 0;
        long failed = 0;
        for (GoldArticle article : gold) {
            List<Prediction> runs = new ArrayList<>(2);
            if (article.hasGlossary()) {
                Prediction without = predict(article, false);
                withoutGlossary.add(without);
                runs.add(without);
            }
            Prediction prediction = predict(article, true);
            predictions.add(prediction);
            runs.add(prediction);
            if (runs.stream().anyMatch(p -> p.failed() && !p.modelsFault())) {
                outages++;
            }
            failed += runs.stream().anyMatch(Prediction::failed) ? 1 : 0;
            System.out.println(progress.line(predictions.size(), failed, System.nanoTime()));
        }
        Scores scores = new Scorer().score(options.label(), predictions, withoutGlossary);
        write(options.out().resolve("eval.json"), writer.writeValueAsString(scores));
        write(options.out().resolve("eval.md"), Reports.markdown(scores, WORST_ARTICLES));
        System.out.println(Reports.summary(scores));
        System.out.println("eval: written to " + options.out().resolve("eval.md") + " and eval.json");
        boolean below = belowThresholds(scores, options.minimums());
        if (outages > 0) {
            System.out.println("eval: " + outages + " of " + gold.size() + " articles got no digest for a reason other "
                    + "than the model's answer (see the log and eval.md); the scores do not measure the model");
            return ARTICLES_FAILED;
        }
        return below ? BELOW_THRESHOLD : OK;
    }

    /** The line said after each article: how far, how long so far, about how long to go at the pace so far. */
    record Progress(int total, long startedNanos) {
        String line(int done, long failed, long nowNanos) {
            long elapsed = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(nowNanos - startedNanos);
            long left = done == 0 ? 0 : Math.round((double) elapsed / done * (total - done));
            return "eval: " + done + "/" + total + " articles" + (failed > 0 ? " (" + failed + " failed)" : "") + ", "
                    + duration(elapsed) + " so far" + (done < total ? ", about " + duration(left) + " left" : "");
        }

        static String duration(long seconds) {
            return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
        }
    }

    /**
     * One digest of a gold article, as a request without a key would ask it: with the article's glossary given inline
     * when asked to, and never a glossary of the service's own ({@code "none"}).
     */
    private Prediction predict(GoldArticle article, boolean withGlossary) {
        long started = System.nanoTime();
        try {
            Digest digest = digests.digest(new DigestRequest(article.text(), null, article.publishedAt(),
                    article.sourceLanguage(), false, null, Glossaries.NONE,
                    withGlossary ? article.glossary() : List.of()));
            return new Prediction(article, digest, null, false, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("eval: %s%s failed: %s", article.id(), article.hasGlossary() && !withGlossary
                    ? " (without its glossary)" : "", e.getMessage());
            return new Prediction(article, null, statusOf(e), e instanceof UnusableAnswerException,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The status a client of the API would have seen for this failure. */
    static int statusOf(RuntimeException e) {
        if (e instanceof LlmCallException llm) {
            return switch (llm.failure()) {
                case TIMEOUT -> 504;
                case REJECTED, MALFORMED -> 502;
                case CONTEXT_TOO_LONG -> 413;
                default -> 503;
            };
        }
        if (e instanceof UnusableAnswerException) {
            return 502;
        }
        if (e instanceof DeadlineExceededException) {
            return 504;
        }
        if (e instanceof LoadShedException) {
            return 429;
        }
        if (e instanceof InvalidRequestException) {
            return 400;
        }
        if (e instanceof GlossaryException glossary) {
            return glossary.reason() == GlossaryException.Reason.TOO_LARGE ? 413 : 400;
        }
        return e instanceof ArticleTooLongException ? 413 : 500;
    }

    private static boolean belowThresholds(Scores scores, Map<String, Double> minimums) {
        boolean below = false;
        for (Map.Entry<String, Double> minimum : minimums.entrySet()) {
            Double value = scores.metric(minimum.getKey());
            if (value == null || value < minimum.getValue()) {
                System.out.println("below threshold: " + minimum.getKey() + " = " + Reports.format(value) + " < "
                        + minimum.getValue());
                below = true;
            }
        }
        return below;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }
}
