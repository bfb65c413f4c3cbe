package dev.precis.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.precis.digest.ArticleTooLongException;
import dev.precis.digest.Digest;
import dev.precis.digest.DigestRequest;
import dev.precis.digest.DigestService;
import dev.precis.digest.InvalidRequestException;
import dev.precis.digest.UnusableAnswerException;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LoadShedException;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code java -jar quarkus-run.jar eval …}: runs the real pipeline on every gold article against the configured
 * backend, scores it, writes {@code eval.md} and {@code eval.json}, prints one line, and exits 1 when a score is
 * under a threshold given with {@code --min name=value}. {@code eval --compare a.json b.json} puts two runs side by
 * side.
 */
public class EvalCommand implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(EvalCommand.class);
    private static final int WORST_ARTICLES = 8;

    @Inject
    DigestService digests;

    @Inject
    ObjectMapper json;

    /** The command line: what to read, where to write, what to require. */
    record Options(Path gold, Path out, String label, Map<String, Double> minimums, List<Path> compare) {

        static Options parse(String[] args) {
            Path gold = Path.of("eval/gold");
            Path out = Path.of("target/eval");
            String label = "run";
            Map<String, Double> minimums = new LinkedHashMap<>();
            List<Path> compare = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--gold" -> gold = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--label" -> label = args[++i];
                    case "--min" -> {
                        String[] threshold = args[++i].split("=", 2);
                        if (threshold.length != 2 || !Scores.THRESHOLD_NAMES.contains(threshold[0])) {
                            throw new IllegalArgumentException("--min takes score=value, score one of "
                                    + new java.util.TreeSet<>(Scores.THRESHOLD_NAMES));
                        }
                        minimums.put(threshold[0], Double.parseDouble(threshold[1]));
                    }
                    case "--compare" -> {
                        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            compare.add(Path.of(args[++i]));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(gold, out, label, minimums, compare);
        }
    }

    @Override
    public int run(String... args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            // Checked before any LLM call: a typo in a threshold must not cost a whole run.
            System.out.println("eval: " + (e.getMessage() == null ? "missing value" : e.getMessage()));
            return 2;
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
            return 0;
        }
        List<GoldArticle> gold = GoldArticle.load(options.gold(), json);
        List<Prediction> predictions = new ArrayList<>();
        for (GoldArticle article : gold) {
            predictions.add(predict(article));
        }
        Scores scores = new Scorer().score(options.label(), predictions);
        write(options.out().resolve("eval.json"), writer.writeValueAsString(scores));
        write(options.out().resolve("eval.md"), Reports.markdown(scores, WORST_ARTICLES));
        System.out.println(Reports.summary(scores));
        return belowThresholds(scores, options.minimums()) ? 1 : 0;
    }

    private Prediction predict(GoldArticle article) {
        long started = System.nanoTime();
        try {
            Digest digest = digests.digest(new DigestRequest(article.text(), null, article.publishedAt(),
                    article.sourceLanguage(), false, null));
            return new Prediction(article, digest, null, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("eval: %s failed: %s", article.id(), e.getMessage());
            return new Prediction(article, null, statusOf(e), (System.nanoTime() - started) / 1_000_000);
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
