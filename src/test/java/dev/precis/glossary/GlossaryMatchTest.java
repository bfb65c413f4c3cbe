package dev.precis.glossary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.deadline.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding a glossary's entries in an article: tolerant where grounding is, strict where the glossary says. */
class GlossaryMatchTest {

    private static GlossaryEntry entry(String source, String target, String kind, String match) {
        return GlossaryEntry.of(source, target, kind, null, match);
    }

    private static List<String> found(String text, GlossaryEntry... entries) {
        GlossaryMatch match = new GlossarySet(List.of(new Glossary("g", List.of(entries)))).match(text, Checkpoint.NONE);
        return match.occurrences().stream().map(o -> text.substring(o.start(), o.end()) + "=" + o.entry().target())
                .toList();
    }

    @Test
    void caseAndFrenchTypographyDoNotMatter() {
        GlossaryEntry mansouri = entry("Al-Mansuri", "Youssef El-Mansouri", "person", null);
        GlossaryEntry office = entry("l'Office national", "National Office", "organization", null);
        assertThat(found("AL\u2011MANSURI et Al Mansuri, puis al-mansuri.", mansouri)).containsExactly(
                "AL\u2011MANSURI=Youssef El-Mansouri", "Al Mansuri=Youssef El-Mansouri", "al-mansuri=Youssef El-Mansouri");
        assertThat(found("Selon l\u2019Office\u00A0national, rien.", office))
                .containsExactly("l\u2019Office\u00A0national=National Office");
    }

    @Test
    void accentsCountUnlessTheEntrySaysToIgnoreThem() {
        GlossaryEntry strict = entry("Khelaifi", "Nasser Al-Khelaifi", "person", null);
        GlossaryEntry loose = entry("Khelaifi", "Nasser Al-Khelaifi", "person", "ignore-accents");
        assertThat(found("M. Khelaïfi a parlé.", strict)).isEmpty();
        assertThat(found("M. Khelaïfi a parlé.", loose)).containsExactly("Khelaïfi=Nasser Al-Khelaifi");
        assertThat(found("M. Khelaifi a parlé.", strict)).containsExactly("Khelaifi=Nasser Al-Khelaifi");
        // an accent written as a combining mark is the same accent
        assertThat(found("Sûreté et Su\u0302rete\u0301", entry("Sûreté", "Security", "term", null)))
                .containsExactly("Sûreté=Security", "Su\u0302rete\u0301=Security");
    }

    @Test
    void matchCaseKeepsAcronymsApartFromWords() {
        GlossaryEntry us = entry("US", "United States", "place", "match-case");
        assertThat(found("Les US et nous", us)).containsExactly("US=United States");
        assertThat(found("nos us et coutumes", us)).isEmpty();
    }

    @Test
    void onlyWholeWordsMatchAndTheLongestTermWins() {
        GlossaryEntry dgsn = entry("DGSN", "General Directorate of National Security", "organization", null);
        GlossaryEntry shortName = entry("Hammouchi", "Abdellatif Hammouchi", "person", null);
        GlossaryEntry fullName = entry("Abdellatif Hammouchi", "Abdellatif Hammouchi (DGSN)", "person", null);
        assertThat(found("La DGSNX et DGSN.", dgsn)).containsExactly("DGSN=General Directorate of National Security");
        assertThat(found("Abdellatif Hammouchi, puis Hammouchi.", shortName, fullName)).containsExactly(
                "Abdellatif Hammouchi=Abdellatif Hammouchi (DGSN)", "Hammouchi=Abdellatif Hammouchi");
    }

    @Test
    void inlineEntriesComeBeforeTheNamedGlossaryForTheSameTerm() {
        Glossary inline = new Glossary(Glossary.INLINE, List.of(entry("DGSN", "Moroccan police", "organization", null)));
        Glossary named = new Glossary("newsroom", List.of(entry("DGSN", "General Directorate of National Security",
                "organization", null), entry("Rabat", "Rabat", "place", null)));
        GlossaryMatch match = new GlossarySet(List.of(inline, named)).match("La DGSN à Rabat.", Checkpoint.NONE);
        assertThat(match.occurrences()).extracting(o -> o.entry().target() + "@" + o.glossary())
                .containsExactly("Moroccan police@(request)", "Rabat@newsroom");
    }

    @Test
    void anInlineEntryIsNotLostToALongerOneOfTheNamedGlossaryAroundIt() {
        Glossary inline = new Glossary(Glossary.INLINE, List.of(entry("Mansouri", "Leila Mansouri", "person", null)));
        Glossary named = new Glossary("newsroom", List.of(entry("El Mansouri", "Youssef El-Mansouri", "person", null),
                entry("Dakar", "Dakar", "place", null)));
        GlossaryMatch match = new GlossarySet(List.of(inline, named)).match("El Mansouri à Dakar.", Checkpoint.NONE);
        assertThat(match.occurrences()).extracting(o -> o.entry().target() + "@" + o.glossary())
                .containsExactly("Leila Mansouri@(request)", "Dakar@newsroom");
    }

    @Test
    void thePromptGetsOnlyTheEntriesTheArticleMentionsOnceEach() {
        List<GlossaryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            entries.add(entry("Personne" + i, "Person " + i, "person", null));
        }
        entries.add(GlossaryEntry.of("El Mansouri", "Youssef El-Mansouri", "person", "nr:1047", null));
        entries.add(GlossaryEntry.of("Al-Mansuri", "Youssef El-Mansouri", "person", "nr:1047", null));
        entries.add(entry("DGSN", "General Directorate of National Security", "organization", null));
        GlossaryMatch match = new GlossarySet(List.of(new Glossary("big", entries)))
                .match("El Mansouri a vu Personne42. Al-Mansuri, puis El Mansouri encore.", Checkpoint.NONE);
        assertThat(match.promptBlock()).isEqualTo("""
                El Mansouri | Al-Mansuri => Youssef El-Mansouri (person, id nr:1047)
                Personne42 => Person 42 (person)""");
        assertThat(match.promptBlock(0, 28)).isEqualTo("""
                El Mansouri => Youssef El-Mansouri (person, id nr:1047)
                Personne42 => Person 42 (person)""");
        assertThat(new GlossarySet(List.of(new Glossary("big", entries))).match("Rien à signaler.", Checkpoint.NONE)
                .promptBlock()).isEmpty();
    }
}
