package dev.precis.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.precis.deadline.Checkpoint;
import dev.precis.glossary.Glossary;
import dev.precis.glossary.GlossaryEntry;
import dev.precis.glossary.GlossaryFile;
import dev.precis.glossary.GlossaryMatch;
import dev.precis.glossary.GlossarySet;
import dev.precis.grounding.Grounder;
import dev.precis.grounding.Span;
import dev.precis.validation.Extraction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gold set is reviewed: every mention and evidence quote is an exact substring of its article; every glossary
 * is read whole and names things as the gold does.
 */
class GoldSetTest {

    private static final Path GOLD = Path.of("eval/gold");
    /** PRECIS_GLOSSARY_MAX_INLINE_ENTRIES by default: eval gives an article's glossary inline. */
    private static final int MAX_INLINE = 500;
    private static final Set<String> KINDS = Set.of("meeting", "visit", "call", "summit", "talks", "other");
    private static final Set<String> STATUSES = Set.of("held", "planned", "cancelled", "unknown");
    private static List<GoldArticle> gold;

    @BeforeAll
    static void load() {
        gold = GoldArticle.load(GOLD, new ObjectMapper().registerModule(new JavaTimeModule()), MAX_INLINE);
    }

    @Test
    void everyQuoteIsAnExactSubstringOfItsArticle() {
        List<String> missing = new ArrayList<>();
        for (GoldArticle article : gold) {
            for (Extraction.Meeting meeting : article.gold().meetings()) {
                quotes(meeting).filter(q -> !article.text().contains(q))
                        .forEach(q -> missing.add(article.id() + ": \"" + q + "\""));
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyAnnotationIsComplete() {
        for (GoldArticle article : gold) {
            assertThat(article.publishedAt()).as(article.id()).isNotNull();
            assertThat(article.gold().headline()).as(article.id()).isNotBlank();
            for (Extraction.Meeting meeting : article.gold().meetings()) {
                assertThat(meeting.kind()).as(article.id()).isIn(KINDS);
                assertThat(meeting.status()).as(article.id()).isIn(STATUSES);
                assertThat(meeting.participants()).as(article.id()).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.mentions()).as(article.id() + " " + p.name()).isNotEmpty());
                assertThat(meeting.evidence()).as(article.id()).isNotEmpty();
            }
        }
    }

    @Test
    void theSetCoversWhatTheIssueAsks() {
        assertThat(gold).hasSizeGreaterThanOrEqualTo(30);
        assertThat(gold).extracting(GoldArticle::sourceLanguage).contains("fr", "en", "es", "de");
        assertThat(gold).anySatisfy(a -> assertThat(a.text().length()).isGreaterThan(20_000));
        assertThat(gold).anySatisfy(a -> assertThat(a.gold().meetings()).isEmpty());
        assertThat(gold).anySatisfy(a -> assertThat(a.gold().meetings()).hasSizeGreaterThanOrEqualTo(2));
        List<Extraction.Meeting> meetings = gold.stream().flatMap(a -> a.gold().meetings().stream()).toList();
        assertThat(meetings).extracting(Extraction.Meeting::kind).contains("visit", "call", "summit", "talks");
        assertThat(meetings).extracting(Extraction.Meeting::status).contains("held", "planned", "cancelled");
        assertThat(meetings).anySatisfy(m -> assertThat(m.participants()).anySatisfy(p -> assertThat(p.mentions()).hasSizeGreaterThanOrEqualTo(2)));
    }

    @Test
    void everyGlossaryFileIsReadWholeAndUsedByAnArticle() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(GOLD.resolve(GoldArticle.GLOSSARIES))) {
            files = listing.sorted().toList();
        }
        assertThat(files).isNotEmpty().allSatisfy(file -> assertThat(file.getFileName().toString()).endsWith(".tsv"));
        Set<String> named = new TreeSet<>();
        try (Stream<Path> listing = Files.list(GOLD)) {
            for (Path json : listing.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                var glossary = new ObjectMapper().readTree(json.toFile()).path("glossary");
                if (!glossary.isMissingNode()) {
                    named.add(glossary.asText());
                }
            }
        }
        for (Path file : files) {
            GlossaryFile.Parsed parsed = GlossaryFile.parse(Files.readString(file, StandardCharsets.UTF_8), false,
                    MAX_INLINE);
            assertThat(parsed.skipped()).as(file.toString()).isEmpty();
            assertThat(parsed.entries()).as(file.toString()).isNotEmpty();
            assertThat(named).as("an article naming " + file).contains(file.getFileName().toString()
                    .replaceFirst("\\.tsv$", ""));
        }
    }

    @Test
    void aHandfulOfArticlesHaveAGlossaryAndItsTargetsAreTheGoldNames() {
        List<GoldArticle> withGlossary = gold.stream().filter(GoldArticle::hasGlossary).toList();
        assertThat(withGlossary).hasSizeBetween(4, 8);
        List<String> wrong = new ArrayList<>();
        for (GoldArticle article : withGlossary) {
            GlossaryMatch match = new GlossarySet(List.of(new Glossary(article.id(), article.glossary())))
                    .match(article.text(), Checkpoint.NONE);
            Grounder grounder = new Grounder(article.text());
            int naming = 0;
            for (Extraction.Meeting meeting : article.gold().meetings()) {
                for (Extraction.Participant p : meeting.participants()) {
                    naming += check(article, match, grounder, p.name(), p.mentions(), GlossaryEntry.Kind.PERSON, wrong);
                }
                if (meeting.location() != null) {
                    naming += check(article, match, grounder, meeting.location().name(), meeting.location().mentions(),
                            GlossaryEntry.Kind.PLACE, wrong);
                }
            }
            assertThat(naming).as(article.id() + ": entries naming a gold participant or place").isPositive();
        }
        assertThat(wrong).isEmpty();
    }

    /** How many entries of this kind the item's mentions are; each must have the gold's name as its target. */
    private static int check(GoldArticle article, GlossaryMatch match, Grounder grounder, String name,
            List<String> mentions, GlossaryEntry.Kind kind, List<String> wrong) {
        List<Span> spans = mentions.stream().flatMap(m -> grounder.locate(m).stream()).toList();
        int found = 0;
        for (GlossaryMatch.Occurrence occurrence : match.occurrences()) {
            boolean inside = spans.stream().anyMatch(s -> occurrence.start() < s.end() && s.start() < occurrence.end());
            if (inside && occurrence.entry().kind() == kind) {
                found++;
                if (!occurrence.entry().target().equals(name)) {
                    wrong.add(article.id() + ": " + occurrence.entry().describe() + " where the gold says " + name);
                }
            }
        }
        return found;
    }

    private static Stream<String> quotes(Extraction.Meeting meeting) {
        return Stream.of(
                        meeting.participants().stream().flatMap(p -> p.mentions().stream()),
                        meeting.location() == null ? Stream.<String>empty() : meeting.location().mentions().stream(),
                        meeting.date() == null ? Stream.<String>empty() : meeting.date().mentions().stream(),
                        meeting.evidence().stream())
                .flatMap(s -> s).filter(Objects::nonNull);
    }
}
