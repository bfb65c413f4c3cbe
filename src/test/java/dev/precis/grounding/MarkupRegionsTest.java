package dev.precis.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkupRegionsTest {

    @Test
    void embeddedJsonScriptsLinksAndUrlsAreMarkup() {
        String text = "Le maire a reçu. {\"headline\": \"Faux\", \"n\": {\"a\": 1}} Puis <script>x()</script> et "
                + "![img](http://a.example/i.png) ou https://b.example/page fin.";
        List<String> regions = MarkupRegions.of(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
        assertThat(regions).contains("{\"headline\": \"Faux\", \"n\": {\"a\": 1}}", "<script>x()</script>",
                "![img](http://a.example/i.png)", "https://b.example/page");
    }

    @Test
    void anUnclosedBraceIsSkippedForTheObjectAfterIt() {
        String text = "Voir {note ouverte puis {\"a\": 1} ici.";
        List<String> regions = MarkupRegions.of(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
        assertThat(regions).containsExactly("{\"a\": 1}");
    }

    /** A client's article, built to make brace matching or link patterns quadratic: 100,000 characters each. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.SECONDS)
    void hostileArticlesTakeLinearTime() {
        for (String article : List.of("{".repeat(100_000), "{\"a\":".repeat(20_000), "[".repeat(100_000),
                "[x](".repeat(25_000), "<a".repeat(50_000), "<script".repeat(14_000), "\"".repeat(100_000),
                "{\"" + "x".repeat(99) + "\"" + " ".repeat(100_000))) {
            MarkupRegions.of(article);
            new Grounder(article).locate("x".repeat(40));
        }
    }

    @Test
    void proseWithBracesOrAnglesIsNot() {
        assertThat(MarkupRegions.of("Le score {provisoire} est de 3 < 5 selon le ministère.")).isEmpty();
    }

    @Test
    void theGrounderTellsWhetherASpanIsInMarkup() {
        String text = "Karim Benali parle. {\"name\": \"Armand Dufresne\"}";
        Grounder grounder = new Grounder(text);
        assertThat(grounder.insideMarkup(grounder.locate("Armand Dufresne").get(0))).isTrue();
        assertThat(grounder.insideMarkup(grounder.locate("Karim Benali").get(0))).isFalse();
    }
}
