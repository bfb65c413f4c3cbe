package dev.precis.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.precis.validation.Extraction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gold set is reviewed: every mention and evidence quote is an exact substring of its article. */
class GoldSetTest {

    private static final Set<String> KINDS = Set.of("meeting", "visit", "call", "summit", "talks", "other");
    private static final Set<String> STATUSES = Set.of("held", "planned", "cancelled", "unknown");
    private static List<GoldArticle> gold;

    @BeforeAll
    static void load() {
        gold = GoldArticle.load(Path.of("eval/gold"), new ObjectMapper().registerModule(new JavaTimeModule()));
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

    private static Stream<String> quotes(Extraction.Meeting meeting) {
        return Stream.of(
                        meeting.participants().stream().flatMap(p -> p.mentions().stream()),
                        meeting.location() == null ? Stream.<String>empty() : meeting.location().mentions().stream(),
                        meeting.date() == null ? Stream.<String>empty() : meeting.date().mentions().stream(),
                        meeting.evidence().stream())
                .flatMap(s -> s).filter(Objects::nonNull);
    }
}
