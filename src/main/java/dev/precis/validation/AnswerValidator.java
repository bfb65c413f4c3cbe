package dev.precis.validation;

import dev.precis.model.IssueCode;
import dev.precis.model.Issue;
import static dev.precis.validation.JsonPath.field;
import static dev.precis.validation.JsonPath.index;

import dev.precis.glossary.GlossaryEnforcer;
import dev.precis.model.Digest;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one place a model answer is checked: parse, schema, grounding, language and dates. Deterministic and free
 * of any framework, so every rule is unit-tested on its own.
 */
public final class AnswerValidator {

    private static final int MAX_SUMMARY_SENTENCES = 3;
    /**
     * Most quotes (mentions and evidence) one answer may ask to locate. Each costs a pass over the article; a real
     * answer, even for the longest article, quotes a few hundred. More is an answer to refuse, not to ground.
     */
    static final int MAX_QUOTES = 2_000;
    /** The English check reads the start of a text only; names are taken out of this much of it. */
    private static final int LANGUAGE_SAMPLE_CHARS = 2_000;

    private final AnswerParser parser = new AnswerParser();
    private final LanguageGuard languages;
    private final int dateWindowDays;
    private final OutputGuard guard;

    /**
     * @param dateWindowDays how many days a meeting date may lie from the publication date before it is flagged
     * @param prompts texts an answer must never repeat (the system prompt)
     */
    public AnswerValidator(LanguageGuard languages, int dateWindowDays, List<String> prompts) {
        this.languages = languages;
        this.dateWindowDays = dateWindowDays;
        this.guard = new OutputGuard(prompts);
    }

    public Checked check(String answer, ArticleContext article) {
        AnswerParser.Parsed parsed = parser.parse(answer);
        Optional<Extraction> extraction = parsed.extraction();
        if (extraction.isEmpty()) {
            return Checked.unusable(null, List.of(Issue.of(IssueCode.ANSWER_UNPARSEABLE, "$", parsed.problem())));
        }
        return check(extraction.get(), article);
    }

    /** Checks an answer already parsed: a cached one, or one merged from the chunks of a long article. */
    public Checked check(Extraction extraction, ArticleContext article) {
        article.checkpoint().check();
        int quotes = quoteCount(extraction);
        if (quotes > MAX_QUOTES) {
            return Checked.unusable(extraction, List.of(Issue.of(IssueCode.ANSWER_UNPARSEABLE, "$.meetings",
                    "quotes " + quotes + " strings from the article; at most " + MAX_QUOTES + " are accepted")));
        }
        List<Issue> issues = new ArrayList<>();
        String headline = guard.clean(required(extraction.headline(), "$.headline", issues), "$.headline",
                OutputGuard.HEADLINE, issues);
        String summary = guard.clean(required(extraction.summary(), "$.summary", issues), "$.summary",
                OutputGuard.SUMMARY, issues);
        String translation = article.includeTranslation()
                ? guard.clean(required(extraction.translation(), "$.translation", issues), "$.translation",
                        translationLimit(article), issues)
                : null;
        List<Digest.Meeting> meetings = meetings(extraction.meetings(), article, issues);
        if (!article.glossary().isEmpty()) {
            GlossaryEnforcer.Result held = GlossaryEnforcer.enforce(article.glossary(), headline, summary, translation,
                    meetings, article.checkpoint(), new GlossaryEnforcer.Limits(OutputGuard.HEADLINE,
                            OutputGuard.SUMMARY, translationLimit(article), OutputGuard.PURPOSE, OutputGuard.SHORT_FIELD));
            headline = held.headline();
            summary = held.summary();
            translation = held.translation();
            meetings = held.meetings();
            List<Issue> moved = issues.stream()
                    .map(issue -> new Issue(issue.code(), held.path(issue.path()), issue.message(), issue.repairable()))
                    .toList();
            issues.clear();
            issues.addAll(moved);
            issues.addAll(held.issues());
        }
        checkSummaryLength(summary, issues);
        checkEnglish(headline, summary, translation, meetings, issues);
        if (headline == null || summary == null) {
            return Checked.unusable(extraction, issues);
        }
        return new Checked(extraction, new Checked.Content(headline, summary, translation, meetings),
                List.copyOf(issues));
    }

    /** The mentions and evidence quotes of an answer, counted without locating any. */
    private static int quoteCount(Extraction extraction) {
        long count = 0;
        for (Extraction.Meeting meeting : extraction.meetings() == null ? List.<Extraction.Meeting>of() : extraction.meetings()) {
            if (meeting == null) {
                continue;
            }
            count += size(meeting.evidence());
            if (meeting.participants() != null) {
                for (Extraction.Participant participant : meeting.participants()) {
                    count += participant == null ? 0 : size(participant.mentions());
                }
            }
            count += meeting.location() == null ? 0 : size(meeting.location().mentions());
            count += meeting.date() == null ? 0 : size(meeting.date().mentions());
        }
        return (int) Math.min(count, Integer.MAX_VALUE);
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private List<Digest.Meeting> meetings(List<Extraction.Meeting> meetings, ArticleContext article,
            List<Issue> issues) {
        if (meetings == null) {
            issues.add(Issue.of(IssueCode.MISSING_FIELD, "$.meetings", "is required; an empty list when there is none"));
            return List.of();
        }
        MeetingValidator validator = new MeetingValidator(article, dateWindowDays, guard, issues);
        List<Digest.Meeting> checked = new ArrayList<>();
        for (int i = 0; i < meetings.size(); i++) {
            if (meetings.get(i) != null) {
                checked.add(validator.check(meetings.get(i), index("$.meetings", i)));
            }
        }
        return checked;
    }

    /** A translation runs longer than its source, but not by this much. */
    private static int translationLimit(ArticleContext article) {
        return article.grounder().article().length() * 3 + 1_000;
    }

    private static String required(String value, String path, List<Issue> issues) {
        if (MeetingValidator.isBlank(value)) {
            issues.add(Issue.of(IssueCode.MISSING_FIELD, path, "is required"));
            return null;
        }
        return value.strip();
    }

    private static void checkSummaryLength(String summary, List<Issue> issues) {
        if (summary != null && sentenceCount(summary) > MAX_SUMMARY_SENTENCES) {
            issues.add(Issue.of(IssueCode.SUMMARY_TOO_LONG, "$.summary",
                    "has more than " + MAX_SUMMARY_SENTENCES + " sentences"));
        }
    }

    private void checkEnglish(String headline, String summary, String translation, List<Digest.Meeting> meetings,
            List<Issue> issues) {
        List<String> names = namesIn(meetings);
        requireEnglish(headline, "$.headline", names, issues);
        requireEnglish(summary, "$.summary", names, issues);
        requireEnglish(translation, "$.translation", names, issues);
        for (int i = 0; i < meetings.size(); i++) {
            requireEnglish(meetings.get(i).purpose(), field(index("$.meetings", i), "purpose"), names, issues);
        }
    }

    /** Names are the same in every language and only blur the judgement: they are taken out first. */
    private void requireEnglish(String text, String path, List<String> names, List<Issue> issues) {
        if (text == null) {
            return;
        }
        String withoutNames = text.length() > LANGUAGE_SAMPLE_CHARS ? text.substring(0, LANGUAGE_SAMPLE_CHARS) : text;
        for (String name : names) {
            withoutNames = withoutNames.replace(name, " ");
        }
        if (!languages.isEnglish(withoutNames)) {
            issues.add(Issue.of(IssueCode.NOT_ENGLISH, path, "must be written in English"));
        }
    }

    // Longest first, so "Vladimir Poutine" goes before "Poutine" can split it.
    private static List<String> namesIn(List<Digest.Meeting> meetings) {
        return meetings.stream()
                .flatMap(meeting -> Stream.concat(
                        meeting.participants().stream().flatMap(p -> Stream.concat(Stream.of(p.name()),
                                p.mentions().stream().map(Digest.Mention::text))),
                        meeting.location() == null ? Stream.empty() : Stream.concat(Stream.of(meeting.location().name()),
                                meeting.location().mentions().stream().map(Digest.Mention::text))))
                .filter(AnswerValidator::nameLike)
                .distinct()
                .sorted((a, b) -> Integer.compare(b.length(), a.length()))
                .toList();
    }

    /** The longest name taken out of a text before its language is judged: a longer "name" is a sentence. */
    static final int MAX_NAME_WORDS = 6;

    private static boolean nameLike(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        int words = 1;
        for (int i = 0; i < name.length(); i++) {
            if (Character.isWhitespace(name.charAt(i))) {
                words++;
            }
        }
        return words <= MAX_NAME_WORDS;
    }

    private static int sentenceCount(String text) {
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(text);
        int count = 0;
        for (int end = sentences.next(); end != BreakIterator.DONE; end = sentences.next()) {
            count++;
        }
        return count;
    }
}
