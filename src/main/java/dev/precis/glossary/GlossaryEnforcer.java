package dev.precis.glossary;

import dev.precis.deadline.Checkpoint;
import dev.precis.model.Digest;
import dev.precis.model.Issue;
import dev.precis.model.IssueCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds a grounded answer to the glossary, whatever the model wrote:
 * <ol>
 * <li>a participant (person, else organisation) or location whose mentions in the article are a glossary entry's
 * source term gets the entry's target as its name and the entry's id;</li>
 * <li>participants of one meeting that are the same entry (same id, else same kind and target) become one, with all
 * their mentions;</li>
 * <li>in the texts the model wrote (headline, summary, translation, purpose, role, organisation, country), another
 * rendering of an entry found in the article — one of its source terms, or the name the model gave the participant
 * or place step 1 renamed — is replaced by the target, unless it is written exactly as the target or a part of it (a
 * surname); a rendering that could stand for several entries is left and flagged {@code glossary.not_applied}, which a
 * repair round asks the model to settle.</li>
 * </ol>
 * Each applied entry is noted ({@code glossary.applied}) with the field it was applied to.
 */
public final class GlossaryEnforcer {

    /** What enforcement made of the answer; {@link #path} maps the path of an issue found before to the result. */
    public record Result(String headline, String summary, String translation, List<Digest.Meeting> meetings,
            List<Issue> issues, Map<Integer, int[]> participantMoves) {

        /** An earlier issue's path once merged participants are gone: later participants move up. */
        public String path(String path) {
            for (Map.Entry<Integer, int[]> moved : participantMoves.entrySet()) {
                String prefix = "$.meetings[" + moved.getKey() + "].participants[";
                if (path.startsWith(prefix)) {
                    int close = path.indexOf(']', prefix.length());
                    if (close < 0) {
                        return path;
                    }
                    try {
                        int old = Integer.parseInt(path.substring(prefix.length(), close));
                        int[] to = moved.getValue();
                        return old < to.length ? prefix + to[old] + path.substring(close) : path;
                    } catch (NumberFormatException e) {
                        return path;
                    }
                }
            }
            return path;
        }
    }

    private final GlossaryMatch match;
    private final Checkpoint checkpoint;
    private final List<Issue> issues = new ArrayList<>();
    /** Names the model gave to things an entry renamed: renderings to replace in its texts too. */
    private final List<GlossaryEntry> modelRenderings = new ArrayList<>();
    private final Set<String> noted = new HashSet<>();
    private final Map<String, Note> notes = new LinkedHashMap<>();
    private final Set<String> conflicted = new HashSet<>();

    private final Limits limits;
    /** The model's own names kept as renderings: a few per thing named, a bounded number in all. */
    private static final int MAX_MODEL_RENDERINGS_EACH = 4;
    private static final int MAX_MODEL_RENDERINGS = 200;

    private GlossaryEnforcer(GlossaryMatch match, Checkpoint checkpoint, Limits limits) {
        this.match = match;
        this.checkpoint = checkpoint;
        this.limits = limits;
    }

    /** The longest text of each field, as the validator held the model's answer to them. */
    public record Limits(int headline, int summary, int translation, int purpose, int shortField) {

        public static final Limits NONE = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    public static Result enforce(GlossaryMatch match, String headline, String summary, String translation,
            List<Digest.Meeting> meetings, Checkpoint checkpoint) {
        return enforce(match, headline, summary, translation, meetings, checkpoint, Limits.NONE);
    }

    public static Result enforce(GlossaryMatch match, String headline, String summary, String translation,
            List<Digest.Meeting> meetings, Checkpoint checkpoint, Limits limits) {
        if (match.isEmpty()) {
            return new Result(headline, summary, translation, meetings, List.of(), Map.of());
        }
        return new GlossaryEnforcer(match, checkpoint, limits).run(headline, summary, translation, meetings);
    }

    private Result run(String headline, String summary, String translation, List<Digest.Meeting> meetings) {
        // Each participant's entry by its mentions; then one the model named alike elsewhere in the answer, for a
        // participant whose own mentions say nothing ("M. Ammar" in a second meeting): one name, one person.
        Map<String, GlossaryEntry> byMentions = new HashMap<>();
        Map<String, Set<String>> identitiesOfName = new HashMap<>();
        Map<String, GlossaryEntry> entryOfName = new HashMap<>();
        for (int m = 0; m < meetings.size(); m++) {
            checkpoint.check();
            List<Digest.Participant> participants = meetings.get(m).participants();
            for (int j = 0; j < participants.size(); j++) {
                Digest.Participant p = participants.get(j);
                GlossaryEntry entry = entryFor(p.mentions(), true, "$.meetings[" + m + "].participants[" + j + "].name");
                if (entry != null) {
                    byMentions.put(m + ":" + j, entry);
                    identitiesOfName.computeIfAbsent(p.name(), k -> new HashSet<>()).add(entry.identity());
                    entryOfName.putIfAbsent(p.name(), entry);
                }
            }
        }
        entryOfName.keySet().removeIf(name -> identitiesOfName.get(name).size() > 1);
        List<Digest.Meeting> named = new ArrayList<>();
        Map<Integer, int[]> moves = new LinkedHashMap<>();
        for (int m = 0; m < meetings.size(); m++) {
            checkpoint.check();
            named.add(names(meetings.get(m), m, moves, byMentions, entryOfName));
        }
        Texts texts = new Texts(renderings());
        List<Digest.Meeting> done = new ArrayList<>();
        for (int m = 0; m < named.size(); m++) {
            Digest.Meeting meeting = named.get(m);
            String at = "$.meetings[" + m + "]";
            List<Digest.Participant> participants = new ArrayList<>();
            for (int j = 0; j < meeting.participants().size(); j++) {
                Digest.Participant p = meeting.participants().get(j);
                String path = at + ".participants[" + j + "]";
                int limit = limits.shortField();
                participants.add(new Digest.Participant(p.name(), p.id(), texts.fix(p.role(), path + ".role", limit),
                        texts.fix(p.organization(), path + ".organization", limit),
                        texts.fix(p.country(), path + ".country", limit),
                        p.grounded(), p.mentions()));
            }
            Digest.Location location = meeting.location() == null ? null
                    : new Digest.Location(meeting.location().name(), meeting.location().id(),
                            texts.fix(meeting.location().country(), at + ".location.country", limits.shortField()),
                            meeting.location().grounded(), meeting.location().mentions());
            done.add(new Digest.Meeting(meeting.kind(), meeting.status(), participants, location, meeting.date(),
                    texts.fix(meeting.purpose(), at + ".purpose", limits.purpose()), meeting.evidence()));
        }
        return new Result(texts.fix(headline, "$.headline", limits.headline()),
                texts.fix(summary, "$.summary", limits.summary()),
                texts.fix(translation, "$.translation", limits.translation()), done, concat(issues, notes()), moves);
    }

    // ---- 1 and 2: names of participants and places, and participants that are one ----

    private Digest.Meeting names(Digest.Meeting meeting, int m, Map<Integer, int[]> moves,
            Map<String, GlossaryEntry> byMentions, Map<String, GlossaryEntry> entryOfName) {
        String at = "$.meetings[" + m + "]";
        List<Digest.Participant> kept = new ArrayList<>();
        List<GlossaryEntry> keptEntries = new ArrayList<>();
        List<List<String>> keptOldNames = new ArrayList<>();
        int[] to = new int[meeting.participants().size()];
        boolean merged = false;
        for (int j = 0; j < meeting.participants().size(); j++) {
            Digest.Participant p = meeting.participants().get(j);
            GlossaryEntry entry = byMentions.getOrDefault(m + ":" + j,
                    conflicted.contains(at + ".participants[" + j + "].name") ? null : entryOfName.get(p.name()));
            Digest.Participant renamed = entry == null ? p
                    : new Digest.Participant(entry.target(), entry.id(), p.role(), p.organization(), p.country(),
                            p.grounded(), p.mentions());
            if (entry != null) {
                rendered(p.name(), entry);
            }
            int same = -1;
            for (int k = 0; entry != null && k < kept.size(); k++) {
                if (keptEntries.get(k) != null && keptEntries.get(k).identity().equals(entry.identity())) {
                    same = k;
                    break;
                }
            }
            if (same < 0) {
                to[j] = kept.size();
                kept.add(renamed);
                keptEntries.add(entry);
                keptOldNames.add(new ArrayList<>(List.of(p.name())));
            } else {
                to[j] = same;
                merged = true;
                kept.set(same, merge(kept.get(same), renamed));
                keptOldNames.get(same).add(p.name());
            }
        }
        for (int k = 0; k < kept.size(); k++) {
            GlossaryEntry entry = keptEntries.get(k);
            String path = at + ".participants[" + k + "].name";
            if (entry != null) {
                List<String> was = keptOldNames.get(k);
                note(path, entry, was.size() > 1
                        ? "the participants the model listed apart as " + quoted(was) + " are one glossary entry: "
                                + "merged as \"" + entry.target() + "\""
                        : null, was.get(0));
            }
        }
        if (merged) {
            moves.put(m, to);
        }
        Digest.Location location = meeting.location();
        if (location != null) {
            GlossaryEntry entry = entryFor(location.mentions(), false, at + ".location.name");
            if (entry != null) {
                rendered(location.name(), entry);
                note(at + ".location.name", entry, null, location.name());
                location = new Digest.Location(entry.target(), entry.id(), location.country(), location.grounded(),
                        location.mentions());
            }
        }
        return new Digest.Meeting(meeting.kind(), meeting.status(), kept, location, meeting.date(), meeting.purpose(),
                meeting.evidence());
    }

    /**
     * The entry an item's mentions are. For a participant: a person entry anywhere in a mention ("M. Al-Mansuri"),
     * else an organisation or place entry making up at least half of a mention (a body, a country taking part). For a
     * location: a place entry making up at least half of a mention, the one covering most of the mentions winning (a
     * venue over the city named beside it). Null when none is, or when the mentions are different entries that
     * nothing tells apart (then a {@code glossary.conflict} says which).
     */
    private GlossaryEntry entryFor(List<Digest.Mention> mentions, boolean participant, String path) {
        if (mentions == null || mentions.isEmpty()) {
            return null;
        }
        Map<String, GlossaryEntry> persons = new LinkedHashMap<>();
        Map<String, GlossaryEntry> others = new LinkedHashMap<>();
        Map<String, Integer> covered = new HashMap<>();
        List<GlossaryMatch.Occurrence> occurrences = match.occurrences();
        for (Digest.Mention mention : mentions) {
            // Occurrences are in text order and never overlap: the first one ending after the mention starts is found
            // by halving, and the walk stops at the first one starting after it ends.
            for (int o = firstEndingAfter(occurrences, mention.start()); o < occurrences.size(); o++) {
                GlossaryMatch.Occurrence occurrence = occurrences.get(o);
                if (occurrence.start() >= mention.end()) {
                    break;
                }
                GlossaryEntry entry = occurrence.entry();
                int length = Math.min(occurrence.end(), mention.end()) - Math.max(occurrence.start(), mention.start());
                boolean most = 2 * length >= mention.end() - mention.start();
                if (participant && entry.kind() == GlossaryEntry.Kind.PERSON) {
                    if (!namedOtherwise(mention, occurrence, entry)) {
                        persons.putIfAbsent(entry.identity(), entry);
                    }
                } else if (most && (participant ? entry.kind() == GlossaryEntry.Kind.ORGANIZATION
                        || entry.kind() == GlossaryEntry.Kind.PLACE : entry.kind() == GlossaryEntry.Kind.PLACE)) {
                    others.putIfAbsent(entry.identity(), entry);
                    covered.merge(entry.identity(), length, Integer::sum);
                }
            }
        }
        Map<String, GlossaryEntry> found = persons.isEmpty() ? others : persons;
        if (found.size() > 1 && !participant) {
            // a venue and its city: the one the mentions are most of
            int best = covered.values().stream().max(Integer::compare).orElse(0);
            List<String> top = covered.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey)
                    .toList();
            if (top.size() == 1) {
                return others.get(top.get(0));
            }
        }
        if (found.size() > 1) {
            conflicted.add(path);
            issues.add(Issue.of(IssueCode.GLOSSARY_CONFLICT, path, "its mentions are different glossary entries ("
                    + String.join(", ", found.values().stream().map(e -> "\"" + e.target() + "\"").toList())
                    + "): kept as the model wrote it"));
            return null;
        }
        return found.isEmpty() ? null : found.values().iterator().next();
    }

    /**
     * Whether the mention gives the person entry's words another given name ("Fatima El Mansouri" for an entry "El
     * Mansouri" whose target is Youssef El-Mansouri): the word just before them in the mention is capitalised, longer
     * than an initial or a title, and not a word of the target.
     */
    private static boolean namedOtherwise(Digest.Mention mention, GlossaryMatch.Occurrence occurrence,
            GlossaryEntry entry) {
        if (occurrence.start() <= mention.start() || mention.text() == null
                || occurrence.start() - mention.start() > mention.text().length()) {
            return false;
        }
        String before = mention.text().substring(0, occurrence.start() - mention.start());
        List<Terms.Word> words = Terms.of(before);
        if (words.isEmpty()) {
            return false;
        }
        Terms.Word last = words.get(words.size() - 1);
        if (!before.substring(last.end()).isBlank()) {
            return false;
        }
        List<Terms.Word> target = Terms.of(entry.target());
        String first = mention.text().substring(occurrence.start() - mention.start());
        List<Terms.Word> own = Terms.of(first);
        if (!own.isEmpty() && !target.isEmpty() && own.get(0).folded().equals(target.get(0).folded())) {
            return false;
        }
        return givenNameOfAnother(Terms.caseForm(before.substring(last.start(), last.end()), false), last, target);
    }

    private static int firstEndingAfter(List<GlossaryMatch.Occurrence> occurrences, int offset) {
        int low = 0;
        int high = occurrences.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (occurrences.get(mid).end() <= offset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static Digest.Participant merge(Digest.Participant a, Digest.Participant b) {
        Map<String, Digest.Mention> mentions = new LinkedHashMap<>();
        for (Digest.Mention mention : a.mentions()) {
            mentions.putIfAbsent(mention.start() + ":" + mention.end(), mention);
        }
        for (Digest.Mention mention : b.mentions()) {
            mentions.putIfAbsent(mention.start() + ":" + mention.end(), mention);
        }
        List<Digest.Mention> all = new ArrayList<>(mentions.values());
        all.sort(Comparator.comparingInt(Digest.Mention::start));
        return new Digest.Participant(a.name(), a.id(), a.role() != null ? a.role() : b.role(),
                a.organization() != null ? a.organization() : b.organization(),
                a.country() != null ? a.country() : b.country(), a.grounded() || b.grounded(), List.copyOf(all));
    }

    /**
     * The model's own name for what an entry names, as a rendering to replace in its texts — when it reads as a proper
     * name (each word capitalised but short particles: "Al-Khalifi", "Youssef el Mansouri"), matched with its case: a
     * description ("the Senegalese minister") is no name to replace wherever its words occur.
     */
    private void rendered(String modelName, GlossaryEntry entry) {
        if (modelName == null || modelName.isBlank() || modelName.strip().equals(entry.target())) {
            return;
        }
        // For a body or a place, only a near spelling of the target ("Algier"): the model's English name for them is
        // often another true name of something else ("France" for the French State, "Paris" for a venue in it).
        if (entry.kind() != GlossaryEntry.Kind.PERSON && !nearSpelling(modelName, entry.target())) {
            return;
        }
        List<Terms.Word> words = Terms.of(modelName);
        if (words.isEmpty() || words.size() > GlossaryEntry.MAX_TERM_WORDS) {
            return;
        }
        for (Terms.Word word : words) {
            String written = modelName.substring(word.start(), word.end());
            boolean capitalised = Character.isUpperCase(written.codePointAt(0)) || Character.isDigit(written.codePointAt(0));
            if (!capitalised && written.length() > 3) {
                return;
            }
        }
        if (!Character.isUpperCase(modelName.substring(words.get(0).start()).codePointAt(0))) {
            return;
        }
        long same = modelRenderings.stream().filter(r -> r.identity().equals(entry.identity())).count();
        if (same < MAX_MODEL_RENDERINGS_EACH && modelRenderings.size() < MAX_MODEL_RENDERINGS) {
            modelRenderings.add(new GlossaryEntry(modelName.strip(), entry.target(), entry.kind(), entry.id(), false,
                    true));
        }
    }

    /** Whether two names differ by at most one edit in four letters (accents, case and punctuation aside). */
    static boolean nearSpelling(String a, String b) {
        String x = String.join(" ", Terms.of(a).stream().map(Terms.Word::key).toList());
        String y = String.join(" ", Terms.of(b).stream().map(Terms.Word::key).toList());
        if (x.isEmpty() || y.isEmpty() || Math.abs(x.length() - y.length()) > Math.max(x.length(), y.length()) / 4) {
            return false;
        }
        return dev.precis.grounding.EditDistance.between(x, y) <= Math.max(1, Math.max(x.length(), y.length()) / 4);
    }

    // ---- 3: the texts the model wrote ----

    /** Every other rendering of the entries found: their source terms (all spellings) and the model's own names. */
    private Renderings renderings() {
        Map<String, GlossaryEntry> byIdentity = new LinkedHashMap<>();
        for (GlossaryEntry entry : match.entries()) {
            byIdentity.putIfAbsent(entry.identity(), entry);
        }
        List<GlossaryEntry> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (GlossaryEntry found : byIdentity.values()) {
            for (GlossaryEntry same : match.set().sameAs(found)) {
                if (seen.add(same.identity() + "\u0000" + same.source())) {
                    // Every spelling stands for the target the article's own entry gives.
                    all.add(new GlossaryEntry(same.source(), found.target(), found.kind(), found.id(),
                            same.ignoreAccents(), same.matchCase()));
                }
            }
        }
        for (GlossaryEntry own : modelRenderings) {
            if (seen.add(own.identity() + "\u0000" + own.source())) {
                all.add(own);
            }
        }
        Map<String, Set<String>> meanings = new HashMap<>();
        for (GlossaryEntry entry : all) {
            meanings.computeIfAbsent(Glossary.sourceKey(entry), k -> new LinkedHashSet<>()).add(entry.identity());
        }
        List<GlossaryEntry> targets = new ArrayList<>();
        Set<String> targetSeen = new HashSet<>();
        for (GlossaryEntry found : byIdentity.values()) {
            if (Terms.wordsOf(found.target()) > 0 && Terms.wordsOf(found.target()) <= GlossaryEntry.MAX_TERM_WORDS
                    && targetSeen.add(Glossary.sourceKey(new GlossaryEntry(found.target(), found.target(), found.kind(),
                            null, false, false)))) {
                targets.add(new GlossaryEntry(found.target(), found.target(), found.kind(), found.id(), false, false));
            }
        }
        return new Renderings(new Glossary("renderings", all), new Glossary("targets", targets), meanings, byIdentity);
    }

    private record Renderings(Glossary glossary, Glossary targets, Map<String, Set<String>> meanings,
            Map<String, GlossaryEntry> byIdentity) {
    }

    /**
     * Rewrites texts in one pass over their words. Where a text writes a target already — spelled otherwise maybe
     * ("Abdelmadjid TEBBOUNE", "Youssef El Mansouri") — it gets the target's own spelling and nothing inside it is
     * replaced (no "Youssef Youssef El-Mansouri"). Where it writes another rendering, the rendering gets the target,
     * or, when its words are a part of the target's (a surname), the target's own spelling of that part.
     */
    private final class Texts {

        private final Renderings renderings;

        Texts(Renderings renderings) {
            this.renderings = renderings;
        }

        /**
         * @param limit the field's longest text: a replacement that would make it longer is not made (the field's
         *        limit was checked on the model's text, and must hold after the glossary too)
         */
        String fix(String text, String path, int limit) {
            if (text == null || text.isBlank() || renderings.glossary().size() == 0) {
                return text;
            }
            checkpoint.check();
            Terms.Keyed words = new Terms.Keyed(text, Terms.of(text, checkpoint));
            StringBuilder out = null;
            int copied = 0;
            boolean cut = false;
            for (int i = 0; i < words.size(); ) {
                if ((i & 255) == 255) {
                    checkpoint.check();
                }
                Glossary.Hit target = renderings.targets().longestAt(words, i);
                Glossary.Hit hit = renderings.glossary().longestAt(words, i);
                Glossary.Hit taken = target != null && (hit == null || target.to() >= hit.to()) ? target : hit;
                int start = words.get(i).start();
                if (taken == null || start < copied) {
                    // (nothing here; or a word out of the character a replacement already took: "½" is "1⁄2")
                    i++;
                    continue;
                }
                int end = words.get(taken.to() - 1).end();
                String written = text.substring(start, end);
                String replacement = null;
                if (taken == target) {
                    GlossaryEntry.Kind kind = target.entry().kind();
                    if (kind != GlossaryEntry.Kind.TITLE && kind != GlossaryEntry.Kind.TERM) {
                        // from its first word to its last: the text's own punctuation around it stays
                        List<Terms.Word> own = Terms.of(target.entry().target());
                        replacement = target.entry().target().substring(own.get(0).start(),
                                own.get(own.size() - 1).end());
                    }
                } else if (hit.entry().kind() == GlossaryEntry.Kind.PERSON && otherGivenName(words, i, hit)) {
                    // "Fatima El Mansouri" is not Youssef El-Mansouri: a name written before a surname is its own
                    replacement = null;
                } else {
                    Set<String> meanings = renderings.meanings().get(Glossary.sourceKey(hit.entry()));
                    if (meanings != null && meanings.size() > 1) {
                        notApplied(path, written, hit.entry(), meanings);
                    } else {
                        replacement = partOrWhole(words, i, hit);
                    }
                }
                if (replacement != null && differs(written, replacement)) {
                    int length = (out == null ? start : out.length() + start - copied) + replacement.length()
                            + text.length() - end;
                    if (length > limit) {
                        cut = true;
                    } else {
                        if (out == null) {
                            out = new StringBuilder(text.length() + 64);
                        }
                        out.append(text, copied, start).append(replacement);
                        copied = end;
                        note(path, taken.entry(), null, written);
                    }
                }
                i = taken.to();
            }
            if (cut) {
                issues.add(Issue.of(IssueCode.TOO_LONG, path, "the glossary's renderings would make it longer than "
                        + limit + " characters: the rest is left as the model wrote it"));
            }
            if (out == null) {
                return text;
            }
            return out.append(text, copied, text.length()).toString();
        }

        private void notApplied(String path, String written, GlossaryEntry entry, Set<String> meanings) {
            if (!noted.add("?" + path + "\u0000" + Glossary.sourceKey(entry))) {
                return;
            }
            List<String> targets = meanings.stream().map(id -> renderings.byIdentity().get(id))
                    .filter(java.util.Objects::nonNull).map(e -> "\"" + e.target() + "\"").distinct().toList();
            issues.add(Issue.of(IssueCode.GLOSSARY_NOT_APPLIED, path, "\"" + written + "\" may be any of the glossary's "
                    + String.join(", ", targets) + ": write the one meant, as the glossary spells it"));
        }

        /** The target, or the target's own spelling of the part of it the rendering's words are (a surname). */
        private String partOrWhole(Terms.Keyed words, int from, Glossary.Hit hit) {
            String target = hit.entry().target();
            List<Terms.Word> targetWords = Terms.of(target);
            int length = hit.to() - from;
            for (int a = 0; a + length <= targetWords.size(); a++) {
                boolean same = true;
                for (int k = 0; k < length && same; k++) {
                    same = targetWords.get(a + k).folded().equals(words.get(from + k).folded());
                }
                if (same) {
                    return target.substring(targetWords.get(a).start(), targetWords.get(a + length - 1).end());
                }
            }
            return target;
        }
    }

    /**
     * Whether the word just before a person's rendering is a given name of someone else ("his sister Fatima El
     * Mansouri" for an entry whose target is Youssef El-Mansouri): the rendering lacks the target's first word, and
     * just before it, after a space only, comes a capitalised word that is neither a word of the target nor a title.
     */
    static boolean otherGivenName(Terms.Keyed words, int from, Glossary.Hit hit) {
        if (from == 0) {
            return false;
        }
        List<Terms.Word> target = Terms.of(hit.entry().target());
        if (!target.isEmpty() && words.get(from).folded().equals(target.get(0).folded())) {
            return false;
        }
        Terms.Word before = words.get(from - 1);
        String between = words.text().substring(before.end(), words.get(from).start());
        if (!between.isBlank()) {
            return false; // "on Tuesday. Al-Mansuri": a sentence, not a name, ends before it
        }
        return givenNameOfAnother(words.word(from - 1, 2), before, target);
    }

    private static boolean givenNameOfAnother(String written, Terms.Word word, List<Terms.Word> target) {
        if (written.length() <= 3 || !Character.isUpperCase(written.codePointAt(0)) || TITLES.contains(word.key())) {
            return false;
        }
        for (Terms.Word own : target) {
            if (own.folded().equals(word.folded())) {
                return false;
            }
        }
        return true;
    }

    /** Capitalised words that come before a surname without being a given name. */
    private static final Set<String> TITLES = Set.of("president", "minister", "prime", "king", "queen", "prince",
            "princess", "emir", "sheikh", "general", "colonel", "commander", "admiral", "director", "secretary",
            "chancellor", "ambassador", "senator", "governor", "mayor", "commissioner", "chief", "judge", "deputy",
            "professor", "doctor", "madame", "monsieur", "ministre", "directeur", "directrice", "maitre",
            "mister", "sister", "brother", "father", "cardinal", "bishop", "pope", "crown", "vice", "speaker",
            "spokesman", "spokeswoman", "lieutenant", "captain", "marshal", "sultan", "emperor", "premier", "envoy",
            "counsellor", "adviser", "advisor", "inspector", "prefect", "consul", "delegate", "rapporteur");

    /** Whether a text must change: never only to capitalise a word written in lower case ("a nice day", not Nice). */
    private static boolean differs(String written, String replacement) {
        if (written.equals(replacement)) {
            return false;
        }
        return !(written.equals(written.toLowerCase(java.util.Locale.ROOT)) && written.equalsIgnoreCase(replacement));
    }

    // ---- notes ----

    /** One note per field and thing named, listing every rendering it replaced there. */
    private void note(String path, GlossaryEntry entry, String detail, String was) {
        Note note = notes.computeIfAbsent(path + "\u0000" + entry.identity(), k -> new Note(path, entry));
        if (detail != null) {
            note.detail = detail;
        }
        if (was != null && !was.strip().equals(entry.target())) {
            note.was.add(was.strip());
        }
    }

    private List<Issue> notes() {
        List<Issue> out = new ArrayList<>();
        for (Note note : notes.values()) {
            GlossaryEntry entry = note.entry;
            String what = note.detail != null ? note.detail
                    : !note.was.isEmpty() ? quoted(List.copyOf(note.was)) + " written as \"" + entry.target() + "\""
                    : "\"" + entry.target() + "\"";
            out.add(Issue.of(IssueCode.GLOSSARY_APPLIED, note.path, what + " (glossary: " + entry.kind().label()
                    + (entry.id() == null ? "" : ", id " + entry.id()) + ")"));
        }
        return out;
    }

    private static final class Note {
        final String path;
        final GlossaryEntry entry;
        final Set<String> was = new LinkedHashSet<>();
        String detail;

        Note(String path, GlossaryEntry entry) {
            this.path = path;
            this.entry = entry;
        }
    }

    private static List<Issue> concat(List<Issue> a, List<Issue> b) {
        List<Issue> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static String quoted(List<String> names) {
        return String.join(" and ", names.stream().map(n -> "\"" + n + "\"").toList());
    }
}
