package dev.precis.digest.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.validation.Extraction;
import dev.precis.validation.Extraction.Meeting;
import dev.precis.validation.Extraction.Participant;
import dev.precis.validation.Extraction.Place;
import dev.precis.validation.Extraction.When;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractionMergerTest {

    private static final Participant VASSEUR = person("Hélène Vasseur", "Hélène Vasseur");
    private static final Participant DIATTA = person("Ousmane Diatta", "Ousmane Diatta");
    private static final Participant LEMARCHAND = person("Baptiste Lemarchand", "Baptiste Lemarchand");
    private static final Participant KOUAME_BROU = person("Aya Kouamé-Brou", "Aya Kouamé-Brou");

    @Test
    void disjointMeetingsAreKeptAsTheyAreInArticleOrder() {
        Meeting talks = meeting("talks", "2026-06-04", VASSEUR, DIATTA);
        Meeting call = meeting("call", null, LEMARCHAND);
        Meeting visit = meeting("visit", "2026-06", KOUAME_BROU);

        Extraction merged = merge(part(talks, call), part(visit));

        assertThat(merged.meetings()).containsExactly(talks, call, visit);
    }

    @Test
    void theSameMeetingInTwoChunksIsMergedWhereItWasFirstReported() {
        Meeting announced = new Meeting("visit", "planned",
                List.of(new Participant("Hélène Vasseur", "Minister for Foreign Affairs", null, "France",
                        List.of("Hélène Vasseur")), DIATTA),
                new Place("Abidjan", null, List.of("Abidjan")), new When("2026-06", List.of("juin")),
                null, List.of("Mme Vasseur doit ensuite se rendre à Abidjan"));
        Meeting call = meeting("call", null, LEMARCHAND);
        Meeting told = new Meeting("visit", "held",
                List.of(new Participant("Hélène Vasseur", "Foreign Minister", "Quai d'Orsay", null,
                        List.of("Mme Vasseur", "Hélène Vasseur")), KOUAME_BROU),
                new Place("Abidjan", "Ivory Coast", List.of("ABIDJAN", "Abidjan")),
                new When("2026-06-09", List.of("mardi 9 juin")),
                "To rebuild an equal dialogue with African partners.",
                List.of("Hélène Vasseur est arrivée mardi à Abidjan", "Mme Vasseur doit ensuite se rendre à Abidjan"));

        Extraction merged = merge(part(announced, call), part(told));

        assertThat(merged.meetings()).hasSize(2);
        assertThat(merged.meetings().get(1)).isEqualTo(call);
        Meeting visit = merged.meetings().get(0);
        assertThat(visit.kind()).isEqualTo("visit");
        assertThat(visit.status()).isEqualTo("planned");
        assertThat(visit.participants()).containsExactly(
                new Participant("Hélène Vasseur", "Minister for Foreign Affairs", "Quai d'Orsay", "France",
                        List.of("Hélène Vasseur", "Mme Vasseur")),
                DIATTA, KOUAME_BROU);
        assertThat(visit.location()).isEqualTo(new Place("Abidjan", "Ivory Coast", List.of("Abidjan", "ABIDJAN")));
        assertThat(visit.date()).isEqualTo(new When("2026-06-09", List.of("juin", "mardi 9 juin")));
        assertThat(visit.purpose()).isEqualTo("To rebuild an equal dialogue with African partners.");
        assertThat(visit.evidence()).containsExactly("Mme Vasseur doit ensuite se rendre à Abidjan",
                "Hélène Vasseur est arrivée mardi à Abidjan");
    }

    @Test
    void aMeetingReportedInThreeChunksIsOneMeeting() {
        Extraction merged = merge(
                part(meeting("talks", null, VASSEUR, DIATTA)),
                part(meeting("talks", "2026", DIATTA)),
                part(meeting("TALKS", "2026-06-04", person("Helene Vasseur", "Mme Vasseur"))));

        assertThat(merged.meetings()).singleElement().satisfies(talks -> {
            assertThat(talks.date().iso()).isEqualTo("2026-06-04");
            assertThat(talks.participants()).extracting(Participant::name)
                    .containsExactly("Hélène Vasseur", "Ousmane Diatta");
            assertThat(talks.participants().get(0).mentions()).containsExactly("Hélène Vasseur", "Mme Vasseur");
        });
    }

    @Test
    void theMorePreciseDateIsKeptWhicheverChunkGivesIt() {
        Meeting precise = meeting("talks", "2026-06-04", VASSEUR);
        Meeting vague = meeting("talks", "2026-06", VASSEUR);

        assertThat(merge(part(precise), part(vague)).meetings()).singleElement()
                .satisfies(talks -> assertThat(talks.date().iso()).isEqualTo("2026-06-04"));
        assertThat(merge(part(vague), part(precise)).meetings()).singleElement()
                .satisfies(talks -> assertThat(talks.date().iso()).isEqualTo("2026-06-04"));
        assertThat(merge(part(meeting("talks", null, VASSEUR)), part(vague)).meetings()).singleElement()
                .satisfies(talks -> assertThat(talks.date().iso()).isEqualTo("2026-06"));
    }

    @Test
    void theSamePeopleOnDifferentDatesMeetTwice() {
        assertThat(merge(part(meeting("talks", "2026-06-04", VASSEUR, DIATTA)),
                part(meeting("talks", "2026-06-05", VASSEUR, DIATTA))).meetings()).hasSize(2);
        assertThat(merge(part(meeting("talks", "2026-06", VASSEUR)),
                part(meeting("talks", "2026-07-01", VASSEUR))).meetings()).hasSize(2);
        assertThat(merge(part(meeting("talks", "2026-01", VASSEUR)),
                part(meeting("talks", "2026-01-15", VASSEUR))).meetings()).hasSize(1);
    }

    @Test
    void differentKindsAreDifferentMeetings() {
        Extraction merged = merge(part(meeting("call", "2026-06-04", VASSEUR, DIATTA)),
                part(meeting("visit", "2026-06-04", VASSEUR, DIATTA)));

        assertThat(merged.meetings()).extracting(Meeting::kind).containsExactly("call", "visit");
    }

    @Test
    void meetingsWithNoParticipantInCommonAreDifferent() {
        Extraction merged = merge(part(meeting("talks", "2026-06-04", VASSEUR, DIATTA)),
                part(meeting("talks", "2026-06-04", LEMARCHAND, KOUAME_BROU)));

        assertThat(merged.meetings()).hasSize(2);
    }

    @Test
    void aNameWithOrWithoutAccentsOrHyphensIsOnePerson() {
        Extraction merged = merge(
                part(meeting("meeting", null, person("Jean-Baptiste Moreau", "Jean-Baptiste Moreau"), DIATTA)),
                part(meeting("meeting", null, person("Jean Baptiste  Moreau", "M. Moreau"))),
                part(meeting("meeting", null, person("JEAN\u2011BAPTISTE MOREAU", "JEAN-BAPTISTE MOREAU"))),
                part(meeting("meeting", null, person("Jéan–Baptiste Moreau", "Jean-Baptiste Moreau"))));

        assertThat(merged.meetings()).singleElement().satisfies(meeting -> {
            assertThat(meeting.participants()).hasSize(2);
            assertThat(meeting.participants().get(0)).isEqualTo(person("Jean-Baptiste Moreau",
                    "Jean-Baptiste Moreau", "M. Moreau", "JEAN-BAPTISTE MOREAU"));
        });
    }

    @Test
    void duplicateParticipantsWithinOneMeetingAreMerged() {
        Meeting meeting = meeting("meeting", "2026-05-12",
                person("Élodie Marchetti", "Élodie Marchetti"),
                DIATTA,
                new Participant("Elodie Marchetti", "Mayor", "City of Bastia", null,
                        List.of("la maire, Elodie Marchetti", "Élodie Marchetti")));

        assertThat(merge(part(meeting)).meetings()).singleElement()
                .satisfies(merged -> assertThat(merged.participants()).containsExactly(
                        new Participant("Élodie Marchetti", "Mayor", "City of Bastia", null,
                                List.of("Élodie Marchetti", "la maire, Elodie Marchetti")),
                        DIATTA));
    }

    @Test
    void meetingsOfOneChunkAreNeverMergedTogether() {
        Meeting first = meeting("talks", null, VASSEUR, DIATTA);
        Meeting second = meeting("talks", null, VASSEUR);

        Extraction merged = merge(part(first, second), part(meeting("talks", null, DIATTA)));

        assertThat(merged.meetings()).containsExactly(first, second);
    }

    @Test
    void aLaterChunkFillsWhatAnEarlierOneLeftOpen() {
        Meeting vague = new Meeting("Visit", "unknown", List.of(VASSEUR), null, null, " ", null);
        Meeting detailed = new Meeting("visit", "held", List.of(VASSEUR), new Place("Lomé", "Togo", List.of("Lomé")),
                new When("2026-06-11", List.of("jeudi")), "Bilateral cooperation.", List.of("Elle a gagné Lomé jeudi"));

        assertThat(merge(part(vague), part(detailed)).meetings()).containsExactly(
                new Meeting("Visit", "held", List.of(VASSEUR), detailed.location(), detailed.date(),
                        "Bilateral cooperation.", List.of("Elle a gagné Lomé jeudi")));
    }

    @Test
    void aKnownStatusIsNotOverwrittenAndUnknownStaysWhenNothingBetterComes() {
        assertThat(merge(part(withStatus("held")), part(withStatus("planned"))).meetings())
                .extracting(Meeting::status).containsExactly("held");
        assertThat(merge(part(withStatus("unknown")), part(withStatus(null))).meetings())
                .extracting(Meeting::status).containsExactly("unknown");
        assertThat(merge(part(withStatus(null)), part(withStatus("unknown"))).meetings())
                .extracting(Meeting::status).containsExactly("unknown");
    }

    @Test
    void aNamedPlaceReplacesANamelessOneAndADifferentPlaceDoesNotJoinTheFirst() {
        Meeting nameless = withPlace(new Place(null, "France", List.of("dans la capitale")));
        Meeting paris = withPlace(new Place("Paris", "France", List.of("Paris")));
        Meeting brest = withPlace(new Place("Brest", "France", List.of("Brest")));

        assertThat(merge(part(nameless), part(paris)).meetings())
                .extracting(Meeting::location).containsExactly(paris.location());
        assertThat(merge(part(paris), part(brest)).meetings())
                .extracting(Meeting::location).containsExactly(paris.location());
    }

    @Test
    void missingFieldsAndNullEntriesAreTolerated() {
        Meeting bare = new Meeting(null, null, null, null, null, null, null);
        Meeting withGaps = new Meeting("talks", null,
                Arrays.asList(null, new Participant(null, null, null, null, null),
                        new Participant("Hélène Vasseur", null, null, null, null)),
                new Place("Dakar", null, null), new When(null, null), null, null);
        Meeting filled = new Meeting("talks", "held",
                List.of(new Participant(" ", null, null, null, List.of("le diplomate")), VASSEUR),
                new Place("DAKAR", null, List.of("Dakar")), new When("2026-03", null), null,
                Arrays.asList("Les entretiens ont eu lieu à Dakar", null));

        Extraction merged = ExtractionMerger.merge(Arrays.asList(
                new Extraction(null, null, null, null),
                null,
                new Extraction(null, null, null, Arrays.asList(bare, null, withGaps)),
                new Extraction(null, null, null, List.of(filled, bare))), "Headline", "Summary");

        assertThat(merged.meetings()).hasSize(3);
        assertThat(merged.meetings().get(0)).isEqualTo(bare);
        assertThat(merged.meetings().get(2)).isEqualTo(bare);
        Meeting talks = merged.meetings().get(1);
        assertThat(talks.participants()).containsExactly(null, new Participant(null, null, null, null, null),
                new Participant("Hélène Vasseur", null, null, null, List.of("Hélène Vasseur")),
                new Participant(" ", null, null, null, List.of("le diplomate")));
        assertThat(talks.location()).isEqualTo(new Place("Dakar", null, List.of("Dakar")));
        assertThat(talks.date()).isEqualTo(new When("2026-03", null));
        assertThat(talks.evidence()).containsExactly("Les entretiens ont eu lieu à Dakar");
    }

    @Test
    void meetingsStayMissingOnlyWhenNoChunkGaveAList() {
        assertThat(merge(new Extraction(null, null, null, null)).meetings()).isNull();
        assertThat(merge(new Extraction(null, null, null, null), part()).meetings()).isEmpty();
    }

    @Test
    void translationsAreJoinedInOrderByBlankLines() {
        Extraction merged = merge(translated("The minister arrived on Tuesday."), translated(null),
                translated("  "), translated("She then left for Lomé."));

        assertThat(merged.translation()).isEqualTo("The minister arrived on Tuesday.\n\nShe then left for Lomé.");
        assertThat(merge(translated(null), translated(null)).translation()).isNull();
    }

    @Test
    void headlineAndSummaryAreTheCallersNotTheChunks() {
        Extraction chunk = new Extraction("Chunk headline", "Chunk summary.", null, List.of());

        Extraction merged = ExtractionMerger.merge(List.of(chunk, chunk), "Whole headline", "Whole summary.");

        assertThat(merged.headline()).isEqualTo("Whole headline");
        assertThat(merged.summary()).isEqualTo("Whole summary.");
    }

    private static Extraction merge(Extraction... parts) {
        return ExtractionMerger.merge(List.of(parts), null, null);
    }

    private static Extraction part(Meeting... meetings) {
        return new Extraction(null, null, null, List.of(meetings));
    }

    private static Extraction translated(String translation) {
        return new Extraction(null, null, translation, List.of());
    }

    private static Participant person(String name, String... mentions) {
        return new Participant(name, null, null, null, List.of(mentions));
    }

    private static Meeting meeting(String kind, String iso, Participant... participants) {
        When date = iso == null ? null : new When(iso, List.of(iso));
        return new Meeting(kind, "held", List.of(participants), null, date, null, List.of());
    }

    private static Meeting withStatus(String status) {
        return new Meeting("call", status, List.of(VASSEUR), null, null, null, null);
    }

    private static Meeting withPlace(Place place) {
        return new Meeting("visit", "held", List.of(VASSEUR), place, null, null, null);
    }
}
