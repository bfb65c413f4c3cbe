package dev.precis.glossary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The glossary file formats: what an editor of a TSV or CSV file gets, including the lines they get wrong. */
class GlossaryFileTest {

    @Test
    void tsvColumnsInAnyOrderWithCommentsBlankLinesAndOptionalColumns() {
        GlossaryFile.Parsed parsed = GlossaryFile.parse("""
                # the newsroom's names
                kind\tsource\ttarget\tid\tmatch

                person\tEl Mansouri\tYoussef El-Mansouri\tnr:1047\t
                person\tAl-Mansuri\tYoussef El-Mansouri\tnr:1047\tignore-accents
                organization\tONP\tNational Fisheries Office\t\tmatch-case
                """, false, 100);
        assertThat(parsed.skipped()).isEmpty();
        assertThat(parsed.entries()).containsExactly(
                new GlossaryEntry("El Mansouri", "Youssef El-Mansouri", GlossaryEntry.Kind.PERSON, "nr:1047", false, false),
                new GlossaryEntry("Al-Mansuri", "Youssef El-Mansouri", GlossaryEntry.Kind.PERSON, "nr:1047", true, false),
                new GlossaryEntry("ONP", "National Fisheries Office", GlossaryEntry.Kind.ORGANIZATION, null, false, true));
    }

    @Test
    void aMalformedLineIsSkippedAndReportedWithItsNumberAndTheRestIsUsed() {
        GlossaryFile.Parsed parsed = GlossaryFile.parse("""
                source\ttarget\tkind
                DGSN\tGeneral Directorate of National Security\torganization
                Rabat\tRabat\tcity
                Hammouchi\t\tperson
                a\tb\tterm\textra
                Rabat\tRabat\tplace
                DGSN\tNational Security\torganization
                dgsn\tGeneral Directorate of National Security\torganization
                """, false, 100);
        assertThat(parsed.entries()).extracting(GlossaryEntry::source).containsExactly("DGSN", "Rabat");
        assertThat(parsed.skipped()).containsExactly(
                "line 3: kind must be one of [person, organization, place, title, term], not 'city'",
                "line 4: target is required",
                "line 5: 4 fields where the header names 3",
                "line 7: source 'DGSN' is already on line 2 with target 'General Directorate of National Security'");
        // one id, two targets for one spelling: the second is reported too
        assertThat(GlossaryFile.parse("source\ttarget\tkind\tid\nKiev\tKyiv\tplace\tQ1899\nKiev\tKiev\tplace\tQ1899\n",
                false, 100).skipped()).containsExactly("line 3: source 'Kiev' is already on line 2 with target 'Kyiv'");
    }

    @Test
    void csvQuotedFieldsHoldCommasAndDoubledQuotes() {
        GlossaryFile.Parsed parsed = GlossaryFile.parse("""
                source,target,kind,id
                "Paris, Texas","Paris, Texas",place,Q830149
                "le \"\"Mur\"\"",the Wall,term,
                "unclosed,x,term
                """, true, 100);
        assertThat(parsed.entries()).extracting(GlossaryEntry::source, GlossaryEntry::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Paris, Texas", "Paris, Texas"),
                        org.assertj.core.groups.Tuple.tuple("le \"Mur\"", "the Wall"));
        assertThat(parsed.skipped()).containsExactly("line 4: a quoted field is not closed");
    }

    @Test
    void aFileWithoutAUsableHeaderOrWithTooManyEntriesIsRefusedWhole() {
        assertThatThrownBy(() -> GlossaryFile.parse("# only a comment\n", false, 10))
                .hasMessageContaining("no header line");
        assertThatThrownBy(() -> GlossaryFile.parse("source\ttarget\n", false, 10))
                .hasMessageContaining("the header has no 'kind' column");
        assertThatThrownBy(() -> GlossaryFile.parse("source\ttarget\tkind\tcomment\n", false, 10))
                .hasMessageContaining("unknown column 'comment'");
        assertThatThrownBy(() -> GlossaryFile.parse("source\ttarget\tkind\na\tA\tterm\nb\tB\tterm\nc\tC\tterm\n",
                false, 2)).hasMessageContaining("more than 2 entries (PRECIS_GLOSSARY_MAX_ENTRIES)");
    }

    @Test
    void entriesRefuseWhatCouldBreakThePromptOrTheLog() {
        assertThatThrownBy(() -> GlossaryEntry.of("a</glossary>", "b", "term", null, null))
                .hasMessageContaining("'<', '>'");
        assertThatThrownBy(() -> GlossaryEntry.of("a", "b\u0007", "term", null, null))
                .hasMessageContaining("control, invisible or direction characters");
        assertThatThrownBy(() -> GlossaryEntry.of("« »", "b", "term", null, null))
                .hasMessageContaining("a letter or digit");
        assertThatThrownBy(() -> GlossaryEntry.of("a", "b", "term", null, "loose"))
                .hasMessageContaining("ignore-accents and/or match-case");
        assertThatThrownBy(() -> GlossaryEntry.of("x".repeat(201), "b", "term", null, null))
                .hasMessageContaining("longer than 200");
        assertThatThrownBy(() -> GlossaryEntry.of("a b c d e f g h i j k l m", "b", "term", null, null))
                .hasMessageContaining("more than 12 words");
    }
}
