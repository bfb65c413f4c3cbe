package dev.precis.digest.chunking;

import dev.precis.validation.Extraction;
import dev.precis.validation.Extraction.Meeting;
import dev.precis.validation.Extraction.Participant;
import dev.precis.validation.Extraction.Place;
import dev.precis.validation.Extraction.When;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Merges the answers given for the chunks of one article, in article order, into the answer for the whole article.
 * A meeting reported in several chunks — announced in one, told in the next — is one meeting: same kind, at least
 * one participant in common by name, and dates that may be the same. Every field may be missing, as in any answer.
 *
 * <p>Headline and summary must describe the whole article, which no chunk answer does, so the caller gives them.
 */
public final class ExtractionMerger {

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern HYPHENS = Pattern.compile("[-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D]");
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");

    private ExtractionMerger() {
    }

    /**
     * The merged answer. Its meetings are those of every chunk in order, a meeting found again in a later chunk
     * merged into its first report; they are null only when no chunk gave a list of meetings at all, so a validator
     * still sees the field as missing. The translation is the chunks' translations joined by a blank line.
     */
    public static Extraction merge(List<Extraction> parts, String headline, String summary) {
        List<Gathered> gathered = new ArrayList<>();
        boolean meetingsGiven = false;
        for (int part = 0; part < parts.size(); part++) {
            Extraction extraction = parts.get(part);
            if (extraction == null || extraction.meetings() == null) {
                continue;
            }
            meetingsGiven = true;
            for (Meeting meeting : extraction.meetings()) {
                if (meeting != null) {
                    gather(gathered, withDistinctParticipants(meeting), part);
                }
            }
        }
        List<Meeting> meetings = meetingsGiven ? gathered.stream().map(Gathered::meeting).toList() : null;
        return new Extraction(headline, summary, translation(parts), meetings);
    }

    /** A meeting of the merged answer and the last chunk that reported it. */
    private record Gathered(Meeting meeting, int lastPart) {
    }

    /**
     * Merges the meeting of chunk {@code part} into the first earlier meeting it is the same as, or adds it last.
     * Two meetings of one chunk are never merged: the model saw them side by side and chose to report two.
     */
    private static void gather(List<Gathered> gathered, Meeting meeting, int part) {
        for (int i = 0; i < gathered.size(); i++) {
            Gathered earlier = gathered.get(i);
            if (earlier.lastPart() != part && same(earlier.meeting(), meeting)) {
                gathered.set(i, new Gathered(merged(earlier.meeting(), meeting), part));
                return;
            }
        }
        gathered.add(new Gathered(meeting, part));
    }

    private static boolean same(Meeting first, Meeting second) {
        return kindOf(first).equals(kindOf(second))
                && compatibleDates(isoOf(first.date()), isoOf(second.date()))
                && shareAParticipant(first, second);
    }

    private static String kindOf(Meeting meeting) {
        return meeting.kind() == null ? "" : meeting.kind().strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether both dates may name the same day: equal, one unknown, or one a more precise form of the other
     * ("2026-06" and "2026-06-04", but not "2026-06" and "2026-07-01").
     */
    private static boolean compatibleDates(String first, String second) {
        if (first == null || second == null) {
            return true;
        }
        String shorter = first.length() <= second.length() ? first : second;
        String longer = shorter == first ? second : first;
        return longer.equals(shorter) || longer.startsWith(shorter + "-");
    }

    private static boolean shareAParticipant(Meeting first, Meeting second) {
        Set<String> names = namesIn(first);
        return namesIn(second).stream().anyMatch(names::contains);
    }

    private static Set<String> namesIn(Meeting meeting) {
        if (meeting.participants() == null) {
            return Set.of();
        }
        return meeting.participants().stream()
                .filter(Objects::nonNull)
                .map(participant -> normalName(participant.name()))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }

    /**
     * The comparison form of a name: accents and case dropped, hyphens and whitespace runs one space, so
     * "Jean-Baptiste Moreau", "Jean Baptiste Moreau" and "JEAN-BAPTISTE MOREAU" are the same person. Empty for none.
     */
    private static String normalName(String name) {
        if (name == null) {
            return "";
        }
        String bare = COMBINING_MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("");
        String spaced = SPACES.matcher(HYPHENS.matcher(bare).replaceAll(" ")).replaceAll(" ");
        return spaced.strip().toLowerCase(Locale.ROOT);
    }

    /** The later report adds what the first lacks; where both say something, the first report wins. */
    private static Meeting merged(Meeting first, Meeting second) {
        return new Meeting(
                first.kind(),
                status(first.status(), second.status()),
                distinctParticipants(concat(first.participants(), second.participants())),
                place(first.location(), second.location()),
                date(first.date(), second.date()),
                firstGiven(first.purpose(), second.purpose()),
                union(first.evidence(), second.evidence()));
    }

    /** "unknown" is what a chunk says when it does not tell; another chunk may. */
    private static String status(String first, String second) {
        if (isBlank(first) || first.strip().equalsIgnoreCase("unknown")) {
            return isBlank(second) ? first : second;
        }
        return first;
    }

    private static Meeting withDistinctParticipants(Meeting meeting) {
        return new Meeting(meeting.kind(), meeting.status(), distinctParticipants(meeting.participants()),
                meeting.location(), meeting.date(), meeting.purpose(), meeting.evidence());
    }

    /**
     * One participant per person, in order of first appearance. Nameless participants (and null entries) cannot be
     * told apart and are kept as they are, for the validator to report.
     */
    private static List<Participant> distinctParticipants(List<Participant> participants) {
        if (participants == null) {
            return null;
        }
        List<Participant> distinct = new ArrayList<>();
        for (Participant participant : participants) {
            int same = indexOfSamePerson(distinct, participant);
            if (same < 0) {
                distinct.add(participant);
            } else {
                distinct.set(same, merged(distinct.get(same), participant));
            }
        }
        return distinct;
    }

    private static int indexOfSamePerson(List<Participant> participants, Participant participant) {
        String name = participant == null ? "" : normalName(participant.name());
        if (name.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < participants.size(); i++) {
            Participant other = participants.get(i);
            if (other != null && normalName(other.name()).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Participant merged(Participant first, Participant second) {
        return new Participant(first.name(), firstGiven(first.role(), second.role()),
                firstGiven(first.organization(), second.organization()), firstGiven(first.country(), second.country()),
                union(first.mentions(), second.mentions()));
    }

    /**
     * The first place that has a name; the second only adds its mentions and country when it names the same place.
     * A place without a name is no location to a validator, so a named one replaces it.
     */
    private static Place place(Place first, Place second) {
        if (!hasName(first)) {
            return first == null || hasName(second) ? second : first;
        }
        if (!hasName(second) || !normalName(first.name()).equals(normalName(second.name()))) {
            return first;
        }
        return new Place(first.name(), firstGiven(first.country(), second.country()),
                union(first.mentions(), second.mentions()));
    }

    private static boolean hasName(Place place) {
        return place != null && !isBlank(place.name());
    }

    /** The more precise date (the longer ISO form) with the words of both: each names the same day. */
    private static When date(When first, When second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        String firstIso = isoOf(first);
        String secondIso = isoOf(second);
        boolean secondMorePrecise = secondIso != null && (firstIso == null || secondIso.length() > firstIso.length());
        String iso = secondMorePrecise ? second.iso() : first.iso();
        return new When(iso, union(first.mentions(), second.mentions()));
    }

    private static String isoOf(When when) {
        return when == null || isBlank(when.iso()) ? null : when.iso().strip();
    }

    private static String translation(List<Extraction> parts) {
        List<String> translations = parts.stream()
                .filter(Objects::nonNull)
                .map(Extraction::translation)
                .filter(translation -> !isBlank(translation))
                .toList();
        return translations.isEmpty() ? null : String.join("\n\n", translations);
    }

    /** A blank value is what a model writes when it has nothing to say: it counts as missing. */
    private static String firstGiven(String first, String second) {
        return isBlank(first) ? second : first;
    }

    /** Both lists' values in order of first appearance, without duplicates or nulls; null when neither was given. */
    private static List<String> union(List<String> first, List<String> second) {
        List<String> all = concat(first, second);
        if (all == null) {
            return null;
        }
        Set<String> distinct = new LinkedHashSet<>(all);
        distinct.remove(null);
        return List.copyOf(distinct);
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
