package dev.precis.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The evaluation report as people read it: a table per group of fields, the worst articles, and comparisons. */
public final class Reports {

    /** The report's rows: a label, and how to read the value from the scores. */
    private record Row(String label, Function<Scores, Object> value) {
    }

    private static final List<Row> PARTICIPANTS = List.of(
            new Row("precision", Scores::participantPrecision), new Row("recall", Scores::participantRecall),
            new Row("F1", Scores::participantF1), new Row("English name (ignoring case)", Scores::nameExactMatch),
            new Row("role agreement", Scores::roleAgreement),
            new Row("organisation agreement", Scores::organizationAgreement),
            new Row("country agreement", Scores::countryAgreement));
    private static final List<Row> NAMES = List.of(
            new Row("participants and places named exactly", Scores::nameExact),
            new Row("articles with a glossary", Scores::glossaryArticles),
            new Row("those articles, named exactly without their glossary", Scores::nameExactWithoutGlossary),
            new Row("those articles, named exactly with their glossary", Scores::nameExactWithGlossary));
    private static final List<Row> MEETINGS = List.of(
            new Row("location F1", Scores::locationF1), new Row("date accuracy (gold precision)", Scores::dateAccuracy),
            new Row("kind accuracy", Scores::kindAccuracy), new Row("status accuracy", Scores::statusAccuracy),
            new Row("meeting count accuracy", Scores::meetingCountAccuracy));
    private static final List<Row> TRUST = List.of(
            new Row("grounded mentions", Scores::groundedMentionRate),
            new Row("grounded evidence", Scores::groundedEvidenceRate),
            new Row("digests with warnings", Scores::warningRate),
            new Row("repair calls per article", Scores::repairCallsPerArticle),
            new Row("input tokens per article", Scores::inputTokensPerArticle),
            new Row("output tokens per article", Scores::outputTokensPerArticle),
            new Row("latency per article (ms)", Scores::latencyMsPerArticle),
            new Row("failures by status", Scores::failuresByStatus));

    private Reports() {
    }

    public static String markdown(Scores scores, int worst) {
        List<String> lines = new ArrayList<>();
        lines.add("# Evaluation: " + scores.label());
        lines.add("");
        lines.add(scores.articles() + " gold articles. Rates between 0 and 1, micro-averaged over the set.");
        section(lines, "Participants", PARTICIPANTS, List.of(scores));
        section(lines, "English names", NAMES, List.of(scores));
        lines.add("");
        lines.add("Of the gold participants and places the run found, the share whose English name is the gold's "
                + "exactly (spaces at the ends aside). Articles with a glossary are run without it and with it; "
                + "every other score is the run with it.");
        section(lines, "Meetings", MEETINGS, List.of(scores));
        section(lines, "Grounding and cost", TRUST, List.of(scores));
        if (scores.glossaryEffect() != null) {
            glossaryEffect(lines, scores.glossaryEffect());
        }
        lines.add("");
        lines.add("## Worst articles");
        lines.add("");
        lines.add("| article | participant F1 | meetings (gold / predicted) | what went wrong |");
        lines.add("|---|---|---|---|");
        scores.perArticle().stream()
                .filter(a -> !a.problems().isEmpty())
                .sorted(Comparator.comparing((Scores.ArticleScore a) -> a.participantF1() == null ? 1.0 : a.participantF1())
                        .thenComparing(a -> -a.problems().size()))
                .limit(worst)
                .forEach(a -> lines.add("| " + a.id() + " | " + format(a.participantF1()) + " | " + a.goldMeetings() + " / "
                        + a.predictedMeetings() + " | " + String.join("; ", a.problems()) + " |"));
        return String.join("\n", lines) + "\n";
    }

    /** The articles with a glossary both ways: every score, then each article's names. */
    private static void glossaryEffect(List<String> lines, Scores.GlossaryEffect effect) {
        List<Scores> both = List.of(effect.without(), effect.with());
        lines.add("");
        lines.add("## The " + effect.with().articles() + " articles with a glossary, without and with it");
        section(lines, "Participants", PARTICIPANTS, both, "###");
        section(lines, "English names", NAMES.subList(0, 1), both, "###");
        section(lines, "Meetings", MEETINGS, both, "###");
        section(lines, "Grounding and cost", TRUST, both, "###");
        lines.add("");
        lines.add("### Named exactly, article by article");
        lines.add("");
        lines.add("| article | without glossary | with glossary |");
        lines.add("|---|---|---|");
        for (int i = 0; i < effect.with().perArticle().size(); i++) {
            Scores.ArticleScore with = effect.with().perArticle().get(i);
            Scores.ArticleScore without = effect.without().perArticle().stream()
                    .filter(a -> a.id().equals(with.id())).findFirst().orElse(null);
            lines.add("| " + with.id() + " | " + names(without) + " | " + names(with) + " |");
        }
    }

    private static String names(Scores.ArticleScore article) {
        return article == null || article.namesScored() == null ? "n/a"
                : article.namesExact() + " of " + article.namesScored();
    }

    /** Two or more runs side by side, field by field. */
    public static String comparison(List<Scores> runs) {
        List<String> lines = new ArrayList<>();
        lines.add("# Evaluation: " + String.join(" vs ", runs.stream().map(Scores::label).toList()));
        section(lines, "Participants", PARTICIPANTS, runs);
        section(lines, "English names", NAMES, runs);
        section(lines, "Meetings", MEETINGS, runs);
        section(lines, "Grounding and cost", TRUST, runs);
        return String.join("\n", lines) + "\n";
    }

    /** The one line printed at the end of a run. */
    public static String summary(Scores scores) {
        String glossaries = scores.glossaryArticles() == null || scores.glossaryArticles() == 0 ? ""
                : String.format(Locale.ROOT, " (%s → %s with glossary, %d articles with a glossary)",
                        format(scores.nameExactWithoutGlossary()), format(scores.nameExactWithGlossary()),
                        scores.glossaryArticles());
        return String.format(Locale.ROOT, "eval %s: %d articles, participant F1 %s, names exact %s%s, location F1 %s, "
                        + "date %s, kind %s, grounded %s, failures %s", scores.label(), scores.articles(),
                format(scores.participantF1()), format(scores.nameExact()), glossaries, format(scores.locationF1()),
                format(scores.dateAccuracy()), format(scores.kindAccuracy()), format(scores.groundedMentionRate()),
                scores.failuresByStatus());
    }

    private static void section(List<String> lines, String title, List<Row> rows, List<Scores> runs) {
        section(lines, title, rows, runs, "##");
    }

    private static void section(List<String> lines, String title, List<Row> rows, List<Scores> runs, String level) {
        lines.add("");
        lines.add(level + " " + title);
        lines.add("");
        lines.add("| | " + String.join(" | ", runs.stream().map(Scores::label).toList()) + " |");
        lines.add("|---|" + "---|".repeat(runs.size()));
        for (Row row : rows) {
            lines.add("| " + row.label() + " | "
                    + String.join(" | ", runs.stream().map(r -> format(row.value().apply(r))).toList()) + " |");
        }
    }

    static String format(Object value) {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, d >= 10 ? "%.0f" : "%.3f", d);
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "none" : map.toString();
        }
        return value.toString();
    }
}
