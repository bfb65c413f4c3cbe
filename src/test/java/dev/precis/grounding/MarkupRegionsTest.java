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
