package dev.precis.glossary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precis.support.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The glossaries folder as an operator edits it: files added, changed, broken and deleted while the service runs. */
class GlossariesTest {

    @TempDir
    Path dir;

    private Glossaries glossaries() {
        return new Glossaries(Optional.of(dir), Duration.ZERO, 1000, 1 << 20, 3);
    }

    private void write(String file, String content, int secondsAgo) throws IOException {
        Path path = dir.resolve(file);
        Files.writeString(path, content);
        // a changed file is found by its size and time: give each version its own time, whatever the clock's grain
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    }

    private static List<String> targets(Glossaries glossaries, String name) {
        return glossaries.get(name).map(g -> g.entries().stream().map(GlossaryEntry::target).toList()).orElse(null);
    }

    @Test
    void filesAreReadAtStartAndEditsAreSeenWithoutARestart() throws IOException {
        write("newsroom.tsv", "source\ttarget\tkind\nDGSN\tGeneral Directorate of National Security\torganization\n", 100);
        write("sports.csv", "source,target,kind\nPSG,Paris Saint-Germain,organization\n", 100);
        write("notes.txt", "not a glossary", 100);
        Glossaries glossaries = glossaries();
        assertThat(glossaries.names()).containsExactly("newsroom", "sports");

        write("newsroom.tsv", "source\ttarget\tkind\nDGSN\tMorocco's national police\torganization\nONP\tNational "
                + "Fisheries Office\torganization\n", 50);
        assertThat(targets(glossaries, "newsroom")).containsExactly("Morocco's national police",
                "National Fisheries Office");
        write("places.tsv", "source\ttarget\tkind\nTanger\tTangier\tplace\n", 50);
        assertThat(glossaries.names()).containsExactly("newsroom", "places", "sports");
    }

    @Test
    void aTimerReadsTheFolderAgainOffTheRequestPath() throws IOException {
        write("newsroom.tsv", "source\ttarget\tkind\nDGSN\tGeneral Directorate of National Security\torganization\n", 100);
        Glossaries glossaries = new Glossaries(Optional.of(dir), Duration.ofMillis(50), 1000, 1 << 20, 3);
        try {
            write("newsroom.tsv", "source\ttarget\tkind\nDGSN\tMorocco's national police\torganization\n", 50);
            dev.precis.support.Eventually.until(Duration.ofSeconds(30),
                    () -> List.of("Morocco's national police").equals(targets(glossaries, "newsroom")));
        } finally {
            glossaries.stop();
        }
    }

    @Test
    void aBadLineIsReportedAndSkippedAndTheRestOfTheFileIsUsed() throws IOException {
        write("newsroom.tsv", "source\ttarget\tkind\nDGSN\tGeneral Directorate of National Security\torganization\n"
                + "Rabat\tRabat\tcity\nTanger\tTangier\tplace\n", 100);
        LogCapture log = LogCapture.start();
        try {
            Glossaries glossaries = glossaries();
            assertThat(targets(glossaries, "newsroom")).containsExactly("General Directorate of National Security",
                    "Tangier");
            assertThat(log.text()).contains("newsroom.tsv", "line 3: kind must be one of", "line skipped");
            assertThat(log.errorsAndStackTraces()).isEmpty();
        } finally {
            log.stop();
        }
    }

    @Test
    void aDeletedFilesGlossaryIsGoneAndABrokenEditKeepsTheLastGoodVersion() throws IOException {
        write("newsroom.tsv", "source\ttarget\tkind\nDGSN\tGeneral Directorate of National Security\torganization\n", 100);
        write("sports.tsv", "source\ttarget\tkind\nPSG\tParis Saint-Germain\torganization\n", 100);
        Glossaries glossaries = glossaries();

        write("newsroom.tsv", "DGSN\tno header here\n", 50);
        assertThat(targets(glossaries, "newsroom")).containsExactly("General Directorate of National Security");

        Files.delete(dir.resolve("sports.tsv"));
        assertThat(glossaries.get("sports")).isEmpty();
        assertThat(glossaries.names()).containsExactly("newsroom");
        assertThatThrownBy(() -> glossaries.resolve("sports", List.of(), Glossaries.Access.OPEN))
                .isInstanceOf(GlossaryException.class).hasMessage("No glossary named 'sports' is loaded "
                        + "(available: newsroom).");
    }

    @Test
    void aFileLargerThanTheLimitIsNotLoadedAndTwoFilesOfOneNameAreNeither() throws IOException {
        write("big.tsv", "source\ttarget\tkind\n" + "x\tX\tterm\n".repeat(200_000), 100);
        write("twice.tsv", "source\ttarget\tkind\na\tA\tterm\n", 100);
        write("twice.csv", "source,target,kind\na,A,term\n", 100);
        write("bad name!.tsv", "source\ttarget\tkind\na\tA\tterm\n", 100);
        write("none.tsv", "source\ttarget\tkind\na\tA\tterm\n", 100);
        assertThat(glossaries().names()).isEmpty();
    }

    @Test
    void precedenceInlineFirstThenTheNamedGlossaryElseTheKeysDefaultAndNoneForNone() throws IOException {
        write("newsroom.tsv", "source\ttarget\tkind\nDGSN\tGeneral Directorate of National Security\torganization\n", 100);
        write("sports.tsv", "source\ttarget\tkind\nPSG\tParis Saint-Germain\torganization\n", 100);
        Glossaries glossaries = glossaries();
        Glossaries.Access desk = new Glossaries.Access("newsroom", Set.of("sports"), false);
        List<GlossaryEntry> inline = List.of(GlossaryEntry.of("DGSN", "Moroccan police", "organization", null, null));

        assertThat(glossaries.resolve(null, List.of(), desk).describe()).isEqualTo("newsroom");
        assertThat(glossaries.resolve("sports", List.of(), desk).describe()).isEqualTo("sports");
        assertThat(glossaries.resolve("none", List.of(), desk).isEmpty()).isTrue();
        assertThat(glossaries.resolve(null, inline, desk).describe()).isEqualTo("(request)+newsroom");
        assertThat(glossaries.resolve(null, inline, desk).match("La DGSN.", dev.precis.deadline.Checkpoint.NONE)
                .entries()).extracting(GlossaryEntry::target).containsExactly("Moroccan police");

        Glossaries.Access other = new Glossaries.Access(null, Set.of(), false);
        assertThat(glossaries.resolve(null, List.of(), other).isEmpty()).isTrue();
        assertThatThrownBy(() -> glossaries.resolve("newsroom", List.of(), other))
                .isInstanceOf(GlossaryException.class)
                .hasMessage("No glossary named 'newsroom' is available to this API key (none is).");
    }

    @Test
    void oneInlineSpellingWithTwoTargetsIsRefusedNamingBoth() {
        List<GlossaryEntry> twice = List.of(GlossaryEntry.of("Benali", "Karim Benali", "person", null, null),
                GlossaryEntry.of("benali", "K. Benali", "person", null, null));
        assertThatThrownBy(() -> glossaries().resolve(null, twice, Glossaries.Access.OPEN))
                .isInstanceOfSatisfying(GlossaryException.class,
                        e -> assertThat(e.reason()).isEqualTo(GlossaryException.Reason.INVALID))
                .hasMessage("'glossaryEntries[1]': source 'benali' is already 'glossaryEntries[0]' with target "
                        + "'Karim Benali'.");
    }

    @Test
    void moreInlineEntriesThanAllowedAreRefusedAsTooLarge() {
        List<GlossaryEntry> four = List.of(GlossaryEntry.of("a", "A", "term", null, null),
                GlossaryEntry.of("b", "B", "term", null, null), GlossaryEntry.of("c", "C", "term", null, null),
                GlossaryEntry.of("d", "D", "term", null, null));
        assertThatThrownBy(() -> glossaries().resolve(null, four, Glossaries.Access.OPEN))
                .isInstanceOfSatisfying(GlossaryException.class,
                        e -> assertThat(e.reason()).isEqualTo(GlossaryException.Reason.TOO_LARGE))
                .hasMessageContaining("4 entries; at most 3");
    }
}
