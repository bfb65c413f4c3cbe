package dev.precis.eval;

import dev.precis.model.Digest;
import dev.precis.grounding.Grounder;
import dev.precis.grounding.Span;
import dev.precis.validation.Extraction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scores predictions against the gold set, the same way every time. A predicted participant (or place) matches a
 * gold one when their mentions overlap in the article; the same person in several meetings counts once per article.
 * Meetings are aligned by the participants they share; kind, status and date are judged on aligned meetings, and a
 * gold meeting left unaligned counts as wrong. A date is right at the gold's precision: "2026-05" is right for a gold
 * "2026-05", wrong for a gold "2026-05-12". A participant or place found is named right when its English name is the
 * gold's exactly, spaces at the ends aside ({@code nameExact}; {@code nameExactMatch}, participants only, ignores
 * case).
 */
public final class Scorer {

    /** A person or place with every span of the article where it is named. */
    private record Entity(String name, String role, String organization, String country, List<Span> spans) {

        boolean overlaps(Entity other) {
            return spans.stream().anyMatch(a -> other.spans.stream().anyMatch(b -> a.start() < b.end() && b.start() < a.end()));
        }
    }

    /** Running counts over the whole set. */
    private static final class Tally {
        int tp, fp, fn, nameExact, locationTp, locationFp, locationFn, namesExact, namesScored;
        int[] role = new int[2], organization = new int[2], country = new int[2];
        int dateRight, dates, kindRight, statusRight, goldMeetings, countRight, groundedItems, items,
                groundedEvidence, evidence, warnings, digests, repairCalls;
        long inputTokens, outputTokens, latencyMs;
        Map<String, Integer> failures = new TreeMap<>();
    }

    /**
     * @param withoutGlossary the articles that have a glossary, run without it (their runs with it are among
     *        {@code predictions}): both are scored apart, and their English names reported both ways
     */
    public Scores score(String label, List<Prediction> predictions, List<Prediction> withoutGlossary) {
        Scores scores = score(label, predictions);
        List<Prediction> withGlossary = predictions.stream().filter(p -> p.article().hasGlossary()).toList();
        if (withGlossary.isEmpty() && withoutGlossary.isEmpty()) {
            return scores.withGlossaryEffect(null, null);
        }
        return scores.withGlossaryEffect(score("without glossary", withoutGlossary),
                score("with glossary", withGlossary));
    }

    public Scores score(String label, List<Prediction> predictions) {
        Tally tally = new Tally();
        List<Scores.ArticleScore> perArticle = new ArrayList<>();
        for (Prediction prediction : predictions) {
            perArticle.add(scoreArticle(prediction, tally));
        }
        int n = predictions.size();
        double precision = ratio(tally.tp, tally.tp + tally.fp);
        double recall = ratio(tally.tp, tally.tp + tally.fn);
        return new Scores(label, n,
                precision, recall, f1(tally.tp, tally.fp, tally.fn),
                nullableRatio(tally.nameExact, tally.tp),
                nullableRatio(tally.namesExact, tally.namesScored), null, null, null,
                nullableRatio(tally.role[0], tally.role[1]),
                nullableRatio(tally.organization[0], tally.organization[1]),
                nullableRatio(tally.country[0], tally.country[1]),
                f1(tally.locationTp, tally.locationFp, tally.locationFn),
                nullableRatio(tally.dateRight, tally.dates),
                nullableRatio(tally.kindRight, tally.goldMeetings),
                nullableRatio(tally.statusRight, tally.goldMeetings),
                nullableRatio(tally.countRight, n),
                nullableRatio(tally.groundedItems, tally.items),
                nullableRatio(tally.groundedEvidence, tally.evidence),
                nullableRatio(tally.warnings, tally.digests),
                average(tally.repairCalls, tally.digests),
                average(tally.inputTokens, tally.digests),
                average(tally.outputTokens, tally.digests),
                average(tally.latencyMs, n),
                tally.failures, null, perArticle);
    }

    private Scores.ArticleScore scoreArticle(Prediction prediction, Tally tally) {
        GoldArticle article = prediction.article();
        Grounder grounder = new Grounder(article.text());
        List<Extraction.Meeting> goldMeetings = nonNull(article.gold().meetings());
        List<Entity> gold = people(goldMeetings, grounder);
        List<String> problems = new ArrayList<>();
        tally.goldMeetings += goldMeetings.size();
        tally.dates += (int) goldMeetings.stream().filter(m -> m.date() != null && m.date().iso() != null).count();
        if (prediction.failed()) {
            tally.failures.merge(String.valueOf(prediction.failureStatus()), 1, Integer::sum);
            tally.fn += gold.size();
            tally.locationFn += places(goldMeetings, grounder).size();
            problems.add("failed with HTTP " + prediction.failureStatus());
            return new Scores.ArticleScore(article.id(), gold.isEmpty() ? null : 0.0, goldMeetings.size(), 0, 0, 0,
                    problems);
        }
        Digest digest = prediction.digest();
        countUsage(digest, prediction, tally);
        List<Entity> predicted = people(digest.meetings());
        int tpBefore = tally.tp;
        int fpBefore = tally.fp;
        int fnBefore = tally.fn;
        int namesExactBefore = tally.namesExact;
        int namesScoredBefore = tally.namesScored;
        Map<Entity, Entity> matched = match(gold, predicted);
        tally.tp += matched.size();
        tally.fp += predicted.size() - matched.size();
        tally.fn += gold.size() - matched.size();
        matched.forEach((g, p) -> compareFields(g, p, tally, problems));
        gold.stream().filter(g -> !matched.containsKey(g)).forEach(g -> problems.add("missed participant " + g.name()));
        predicted.stream().filter(p -> !matched.containsValue(p)).forEach(p -> problems.add("extra participant " + p.name()));
        scorePlaces(goldMeetings, digest, grounder, tally, problems);
        scoreMeetings(goldMeetings, digest.meetings(), grounder, tally, problems);
        if (goldMeetings.size() == digest.meetings().size()) {
            tally.countRight++;
        } else {
            problems.add("meetings: " + digest.meetings().size() + " instead of " + goldMeetings.size());
        }
        Double articleF1 = gold.isEmpty() && predicted.isEmpty() ? null
                : f1(tally.tp - tpBefore, tally.fp - fpBefore, tally.fn - fnBefore);
        return new Scores.ArticleScore(article.id(), articleF1, goldMeetings.size(), digest.meetings().size(),
                tally.namesExact - namesExactBefore, tally.namesScored - namesScoredBefore, problems);
    }

    private static void countUsage(Digest digest, Prediction prediction, Tally tally) {
        tally.digests++;
        tally.latencyMs += prediction.latencyMs();
        tally.repairCalls += digest.usage().repairCalls();
        tally.inputTokens += digest.usage().inputTokens() == null ? 0 : digest.usage().inputTokens();
        tally.outputTokens += digest.usage().outputTokens() == null ? 0 : digest.usage().outputTokens();
        if ("warnings".equals(digest.validation().status())) {
            tally.warnings++;
        }
        for (Digest.Meeting meeting : digest.meetings()) {
            for (Digest.Participant p : meeting.participants()) {
                tally.items++;
                tally.groundedItems += p.grounded() ? 1 : 0;
            }
            if (meeting.location() != null) {
                tally.items++;
                tally.groundedItems += meeting.location().grounded() ? 1 : 0;
            }
            if (meeting.date() != null) {
                tally.items++;
                tally.groundedItems += meeting.date().grounded() ? 1 : 0;
            }
            for (Digest.Evidence e : meeting.evidence()) {
                tally.evidence++;
                tally.groundedEvidence += e.grounded() ? 1 : 0;
            }
        }
    }

    private static void compareFields(Entity gold, Entity predicted, Tally tally, List<String> problems) {
        if (same(gold.name(), predicted.name())) {
            tally.nameExact++;
        }
        tally.namesScored++;
        if (exact(gold.name(), predicted.name())) {
            tally.namesExact++;
        } else {
            problems.add("name " + predicted.name() + " instead of " + gold.name());
        }
        agree(gold.role(), predicted.role(), tally.role);
        agree(gold.organization(), predicted.organization(), tally.organization);
        agree(gold.country(), predicted.country(), tally.country);
    }

    private static void agree(String gold, String predicted, int[] counts) {
        if (gold != null) {
            counts[1]++;
            counts[0] += same(gold, predicted) ? 1 : 0;
        }
    }

    private static void scorePlaces(List<Extraction.Meeting> goldMeetings, Digest digest, Grounder grounder, Tally tally,
            List<String> problems) {
        List<Entity> gold = places(goldMeetings, grounder);
        List<Entity> predicted = new ArrayList<>();
        for (Digest.Meeting meeting : digest.meetings()) {
            if (meeting.location() != null) {
                addOrMerge(predicted, new Entity(meeting.location().name(), null, null, meeting.location().country(),
                        spansOf(meeting.location().mentions())));
            }
        }
        int matched = 0;
        List<Entity> free = new ArrayList<>(predicted);
        for (Entity g : gold) {
            Entity hit = free.stream().filter(p -> g.overlaps(p) || same(g.name(), p.name())).findFirst().orElse(null);
            if (hit != null) {
                free.remove(hit);
                matched++;
                tally.namesScored++;
                if (exact(g.name(), hit.name())) {
                    tally.namesExact++;
                } else {
                    problems.add("place " + hit.name() + " instead of " + g.name());
                }
            } else {
                problems.add("missed place " + g.name());
            }
        }
        tally.locationTp += matched;
        tally.locationFp += predicted.size() - matched;
        tally.locationFn += gold.size() - matched;
    }

    /**
     * Aligns each gold meeting with the unused predicted meeting sharing most participants — on a tie, the one of the
     * same kind and date, so two meetings of the same people (a call, then a planned visit) are not crossed over —
     * then judges it.
     */
    private static void scoreMeetings(List<Extraction.Meeting> goldMeetings, List<Digest.Meeting> predicted,
            Grounder grounder, Tally tally, List<String> problems) {
        List<Digest.Meeting> free = new ArrayList<>(predicted);
        for (Extraction.Meeting gold : goldMeetings) {
            List<Entity> goldPeople = people(List.of(gold), grounder);
            Digest.Meeting best = null;
            int bestShared = 0;
            for (Digest.Meeting candidate : free) {
                int shared = match(goldPeople, people(List.of(candidate))).size();
                if (shared == 0) {
                    continue;
                }
                int affinity = shared * 4 + (same(gold.kind(), candidate.kind()) ? 2 : 0)
                        + (gold.date() != null && candidate.date() != null
                                && dateRight(gold.date().iso(), candidate.date().iso()) ? 1 : 0);
                if (affinity > bestShared) {
                    best = candidate;
                    bestShared = affinity;
                }
            }
            if (best == null) {
                problems.add("unmatched meeting (" + gold.kind() + ")");
                continue;
            }
            free.remove(best);
            tally.kindRight += same(gold.kind(), best.kind()) ? 1 : 0;
            tally.statusRight += same(gold.status(), best.status()) ? 1 : 0;
            if (gold.date() != null && gold.date().iso() != null) {
                String predictedIso = best.date() == null ? null : best.date().iso();
                if (dateRight(gold.date().iso(), predictedIso)) {
                    tally.dateRight++;
                } else {
                    problems.add("date " + predictedIso + " instead of " + gold.date().iso());
                }
            }
        }
    }

    /** Right at the gold's precision: as precise as the gold at least, and equal once cut to its length. */
    static boolean dateRight(String goldIso, String predictedIso) {
        return predictedIso != null && predictedIso.length() >= goldIso.length()
                && predictedIso.substring(0, goldIso.length()).equals(goldIso);
    }

    /** Greedy one-to-one matching: each gold entity takes the first free predicted one it overlaps. */
    private static Map<Entity, Entity> match(List<Entity> gold, List<Entity> predicted) {
        Map<Entity, Entity> matched = new LinkedHashMap<>();
        List<Entity> free = new ArrayList<>(predicted);
        for (Entity g : gold) {
            free.stream().filter(g::overlaps).findFirst().ifPresent(p -> {
                matched.put(g, p);
                free.remove(p);
            });
        }
        return matched;
    }

    private static List<Entity> people(List<Extraction.Meeting> meetings, Grounder grounder) {
        List<Entity> people = new ArrayList<>();
        for (Extraction.Meeting meeting : meetings) {
            for (Extraction.Participant p : nonNull(meeting.participants())) {
                addOrMerge(people, new Entity(p.name(), p.role(), p.organization(), p.country(),
                        locate(p.mentions(), grounder)));
            }
        }
        return people;
    }

    private static List<Entity> people(List<Digest.Meeting> meetings) {
        List<Entity> people = new ArrayList<>();
        for (Digest.Meeting meeting : meetings) {
            for (Digest.Participant p : meeting.participants()) {
                addOrMerge(people, new Entity(p.name(), p.role(), p.organization(), p.country(), spansOf(p.mentions())));
            }
        }
        return people;
    }

    private static List<Entity> places(List<Extraction.Meeting> meetings, Grounder grounder) {
        List<Entity> places = new ArrayList<>();
        for (Extraction.Meeting meeting : meetings) {
            if (meeting.location() != null) {
                addOrMerge(places, new Entity(meeting.location().name(), null, null, meeting.location().country(),
                        locate(meeting.location().mentions(), grounder)));
            }
        }
        return places;
    }

    /** The same person in two meetings (same name) is one entity with the spans of both. */
    private static void addOrMerge(List<Entity> entities, Entity entity) {
        for (int i = 0; i < entities.size(); i++) {
            Entity known = entities.get(i);
            if (same(known.name(), entity.name())) {
                List<Span> spans = new ArrayList<>(known.spans());
                spans.addAll(entity.spans());
                entities.set(i, new Entity(known.name(), first(known.role(), entity.role()),
                        first(known.organization(), entity.organization()), first(known.country(), entity.country()), spans));
                return;
            }
        }
        entities.add(entity);
    }

    private static List<Span> locate(List<String> mentions, Grounder grounder) {
        return nonNull(mentions).stream().flatMap(m -> grounder.locate(m).stream()).toList();
    }

    private static List<Span> spansOf(List<Digest.Mention> mentions) {
        return mentions.stream().map(m -> new Span(m.start(), m.end())).toList();
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && normalize(a).equals(normalize(b));
    }

    /** The same name exactly, spaces at the ends aside: a glossary decides case and accents too. */
    private static boolean exact(String gold, String predicted) {
        return gold != null && predicted != null && gold.strip().equals(predicted.strip());
    }

    private static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static <T> List<T> nonNull(Collection<T> items) {
        return items == null ? List.of() : items.stream().filter(Objects::nonNull).toList();
    }

    private static Double f1(int tp, int fp, int fn) {
        if (tp + fp + fn == 0) {
            return null;
        }
        return 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static double ratio(int part, int whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }

    private static Double nullableRatio(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static Double average(long total, int count) {
        return count == 0 ? null : (double) total / count;
    }
}
