package dev.precis.validation;

import dev.precis.model.IssueCode;
import dev.precis.model.Issue;
import static dev.precis.validation.JsonPath.field;
import static dev.precis.validation.JsonPath.index;

import dev.precis.model.Digest;
import dev.precis.grounding.Grounder;
import dev.precis.grounding.Span;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one extracted meeting and grounds it: every mention and evidence quote is located in the article and
 * becomes offsets. Values that stay invalid are replaced by safe ones (kind "other", status "unknown", no date) so
 * the digest always honours its schema; the issue says what happened.
 */
final class MeetingValidator {

    static final Set<String> KINDS = Set.copyOf(Digest.Meeting.KINDS);
    static final Set<String> STATUSES = Set.copyOf(Digest.Meeting.STATUSES);

    private final ArticleContext article;
    private final int dateWindowDays;
    private final OutputGuard guard;
    private final List<Issue> issues;

    MeetingValidator(ArticleContext article, int dateWindowDays, OutputGuard guard, List<Issue> issues) {
        this.article = article;
        this.dateWindowDays = dateWindowDays;
        this.guard = guard;
        this.issues = issues;
    }

    Digest.Meeting check(Extraction.Meeting meeting, String path) {
        article.checkpoint().check();
        return new Digest.Meeting(
                oneOf(meeting.kind(), KINDS, "other", field(path, "kind")),
                oneOf(meeting.status(), STATUSES, "unknown", field(path, "status")),
                participants(meeting.participants(), field(path, "participants")),
                location(meeting.location(), field(path, "location")),
                date(meeting.date(), field(path, "date")),
                guard.clean(blankToNull(meeting.purpose()), field(path, "purpose"), OutputGuard.PURPOSE, issues),
                evidence(meeting.evidence(), field(path, "evidence")));
    }

    private String oneOf(String value, Set<String> allowed, String fallback, String path) {
        if (value == null || value.isBlank()) {
            issues.add(Issue.of(IssueCode.MISSING_FIELD, path, "is required; one of " + sorted(allowed)));
            return fallback;
        }
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            issues.add(Issue.of(IssueCode.INVALID_VALUE, path,
                    guard.quote(value) + " is not one of " + sorted(allowed)));
            return fallback;
        }
        return normalized;
    }

    private List<Digest.Participant> participants(List<Extraction.Participant> participants, String path) {
        if (participants == null || participants.isEmpty()) {
            issues.add(Issue.of(IssueCode.MISSING_FIELD, path, "a meeting needs at least one participant"));
            return List.of();
        }
        List<Digest.Participant> checked = new ArrayList<>();
        for (int i = 0; i < participants.size(); i++) {
            participant(participants.get(i), index(path, i)).ifPresent(checked::add);
        }
        return checked;
    }

    private Optional<Digest.Participant> participant(Extraction.Participant participant, String path) {
        if (participant == null || isBlank(participant.name())) {
            issues.add(Issue.of(IssueCode.MISSING_FIELD, field(path, "name"), "every participant needs a name"));
            return Optional.empty();
        }
        String name = shortText(participant.name().strip(), field(path, "name"));
        if (name == null) {
            // Removed by the output guard (it repeated our instructions): no participant without a name.
            return Optional.empty();
        }
        List<Digest.Mention> mentions = mentions(participant.mentions(), field(path, "mentions"),
                IssueCode.PARTICIPANT_NOT_FOUND, "participant " + guard.quote(name));
        return Optional.of(new Digest.Participant(
                name,
                null,
                shortText(blankToNull(participant.role()), field(path, "role")),
                shortText(blankToNull(participant.organization()), field(path, "organization")),
                shortText(blankToNull(participant.country()), field(path, "country")),
                !mentions.isEmpty(), mentions));
    }

    private Digest.Location location(Extraction.Place place, String path) {
        if (place == null || isBlank(place.name())) {
            return null;
        }
        String name = shortText(place.name().strip(), field(path, "name"));
        if (name == null) {
            return null;
        }
        List<Digest.Mention> mentions = mentions(place.mentions(), field(path, "mentions"),
                IssueCode.LOCATION_NOT_FOUND, "the location");
        return new Digest.Location(name, null, shortText(blankToNull(place.country()), field(path, "country")),
                !mentions.isEmpty(), mentions);
    }

    private Digest.MeetingDate date(Extraction.When when, String path) {
        if (when == null || isBlank(when.iso())) {
            return null;
        }
        String iso = when.iso().strip();
        Optional<LocalDate[]> range = IsoDates.range(iso);
        if (range.isEmpty()) {
            issues.add(Issue.of(IssueCode.INVALID_DATE, field(path, "iso"),
                    guard.quote(iso) + " is not a real date written YYYY-MM-DD, YYYY-MM or YYYY"));
            return null;
        }
        LocalDate published = article.publishedAt();
        if (published != null && IsoDates.daysFrom(range.get(), published) > dateWindowDays) {
            issues.add(Issue.of(IssueCode.DATE_FAR_FROM_PUBLICATION, field(path, "iso"),
                    iso + " is more than " + dateWindowDays + " days from the publication date " + published));
        }
        List<Digest.Mention> mentions = mentions(when.mentions(), field(path, "mentions"),
                IssueCode.DATE_NOT_FOUND, "the date");
        return new Digest.MeetingDate(iso, !mentions.isEmpty(), mentions);
    }

    private List<Digest.Evidence> evidence(List<String> quotes, String path) {
        List<String> given = quotes == null ? List.of() : quotes.stream().filter(q -> !isBlank(q)).toList();
        if (given.isEmpty()) {
            issues.add(Issue.of(IssueCode.MISSING_FIELD, path,
                    "quote at least one sentence of the article that reports the meeting"));
            return List.of();
        }
        Grounder grounder = article.grounder();
        List<Digest.Evidence> evidence = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            List<Span> found = grounder.locate(given.get(i));
            List<Span> spans = inProse(found);
            if (spans.isEmpty()) {
                issues.add(found.isEmpty()
                        ? Issue.of(IssueCode.EVIDENCE_NOT_FOUND, index(path, i),
                                guard.quote(given.get(i)) + " does not occur in the article")
                        : Issue.of(IssueCode.ONLY_IN_MARKUP, index(path, i),
                                guard.quote(given.get(i)) + " occurs only inside embedded code or markup; quote the article's prose"));
                String quote = guard.clean(given.get(i), index(path, i), OutputGuard.SUMMARY, issues);
                if (quote != null) {
                    evidence.add(new Digest.Evidence(quote, null, null, false));
                }
            }
            for (Span span : spans) {
                evidence.add(new Digest.Evidence(grounder.textOf(span), span.start(), span.end(), true));
            }
        }
        return evidence;
    }

    /**
     * Locates every quoted spelling. When none is found the whole item is ungrounded ({@code noneFound});
     * when only some are, each missing spelling is a lesser issue.
     */
    private List<Digest.Mention> mentions(List<String> quotes, String path, IssueCode noneFound, String what) {
        List<String> given = quotes == null ? List.of() : quotes.stream().filter(q -> !isBlank(q)).toList();
        if (given.isEmpty()) {
            issues.add(Issue.of(noneFound, path, "no mention of " + what + " was given; copy it as the article writes it"));
            return List.of();
        }
        Grounder grounder = article.grounder();
        List<Span> spans = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        boolean foundInMarkup = false;
        for (int i = 0; i < given.size(); i++) {
            List<Span> found = grounder.locate(given.get(i));
            List<Span> prose = inProse(found);
            foundInMarkup |= prose.size() < found.size();
            if (found.isEmpty()) {
                missing.add(i);
            }
            spans.addAll(prose);
        }
        if (spans.isEmpty() && foundInMarkup) {
            issues.add(Issue.of(IssueCode.ONLY_IN_MARKUP, path, "every mention of " + what + " (" + quoted(given)
                    + ") occurs only inside embedded code or markup, not in the article's prose; report only what"
                    + " the article itself says"));
            return List.of();
        }
        if (spans.isEmpty()) {
            issues.add(Issue.of(noneFound, path, "no mention of " + what + " (" + quoted(given)
                    + ") occurs in the article; copy the words exactly as the article writes them"));
            return List.of();
        }
        for (int i : missing) {
            issues.add(Issue.of(IssueCode.MENTION_NOT_FOUND, index(path, i),
                    guard.quote(given.get(i)) + " does not occur in the article"));
        }
        return outermost(spans).stream()
                .map(span -> new Digest.Mention(grounder.textOf(span), span.start(), span.end()))
                .toList();
    }

    /** Occurrences in the article's prose: a fact found only in an embedded JSON block or a link is not reported. */
    private List<Span> inProse(List<Span> spans) {
        return spans.stream().filter(span -> !article.grounder().insideMarkup(span)).toList();
    }

    private String shortText(String value, String path) {
        return guard.clean(value, path, OutputGuard.SHORT_FIELD, issues);
    }

    /** Sorted spans without duplicates and without spans inside another ("Poutine" within "Vladimir Poutine"). */
    static List<Span> outermost(List<Span> spans) {
        List<Span> sorted = spans.stream()
                .distinct()
                .sorted(Comparator.comparingInt(Span::start).thenComparing(Comparator.comparingInt(Span::end).reversed()))
                .toList();
        List<Span> kept = new ArrayList<>();
        for (Span span : sorted) {
            if (kept.isEmpty() || !kept.get(kept.size() - 1).contains(span)) {
                kept.add(span);
            }
        }
        return kept;
    }

    private String quoted(List<String> quotes) {
        List<String> shown = quotes.stream().limit(5).map(guard::quote).toList();
        return String.join(", ", shown) + (quotes.size() > 5 ? " and " + (quotes.size() - 5) + " more" : "");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    static String blankToNull(String value) {
        return isBlank(value) ? null : value.strip();
    }
}
