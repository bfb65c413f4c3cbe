package dev.precis.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.grounding.InvisibleCharacters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Copies of an article that differ only in spacing, invisible characters or Unicode composition share one cached
 * answer; anything else that differs does not. The one-pass normalisation is held to the definition it replaced.
 */
class CacheKeyTest {

    /** The definition: NFC, invisible characters dropped, runs of white space of any kind one space, none at the ends. */
    private static String reference(String text) {
        String visible = InvisibleCharacters.strip(Normalizer.normalize(text, Normalizer.Form.NFC));
        return visible.replaceAll("[\\s\\p{Z}\\u0085]+", " ").strip();
    }

    @Test
    void normalisesAsDefinedOverTheGoldArticlesAndAwkwardTexts() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("eval/gold"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                texts.add(Files.readString(file));
            }
        }
        texts.addAll(List.of("", " ", "\u200B", " a ", "a\u200B b", "a \u200B b", "a\fb", "a\u000Bb", "a\u0085b",
                "\u00A0\u202Fle\u00A0« mot »\u202F!\t\r\n", "e\u0301te\u0301", "\uD83D\uDE00 x\u2028y", "a\u00ADb",
                "\u202Egauche\u202C  droite", "\uDB40\uDC41tag", "\u3000mot\u3000", "a\u2003\u2009b",
                "\u2029fin\u1680"));
        for (String text : texts) {
            assertThat(CacheKey.normalized(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void spacingAndCompositionShareAKeyButWordsDoNot() {
        DigestRequest one = request("Le ministre a reçu  son homologue.\n");
        DigestRequest spaced = request(" Le\u00A0ministre a rec\u0327u son\u200B homologue. ");
        DigestRequest other = request("Le ministre a reçu son homologue allemand.");
        assertThat(CacheKey.of(spaced, "fr", "v1", "m")).isEqualTo(CacheKey.of(one, "fr", "v1", "m"));
        assertThat(CacheKey.of(other, "fr", "v1", "m")).isNotEqualTo(CacheKey.of(one, "fr", "v1", "m"));
        assertThat(CacheKey.of(one, "fr", "v2", "m")).isNotEqualTo(CacheKey.of(one, "fr", "v1", "m"));
    }

    @Test
    void aTitleOrDateGivenNeverSharesAKeyWithOneAbsent() {
        DigestRequest untitled = request("Le ministre a reçu son homologue.");
        DigestRequest titledNull = new DigestRequest("Le ministre a reçu son homologue.", "null", null, null, false,
                null);
        assertThat(CacheKey.of(titledNull, "fr", "v1", "m")).isNotEqualTo(CacheKey.of(untitled, "fr", "v1", "m"));
    }

    @Test
    void unicodeSpacesAtTheEndsAreSpacesToo() {
        assertThat(CacheKey.of(request("\u3000Le ministre a reçu son homologue.\u2003"), "fr", "v1", "m"))
                .isEqualTo(CacheKey.of(request("Le ministre a reçu son homologue."), "fr", "v1", "m"));
    }

    private static DigestRequest request(String text) {
        return new DigestRequest(text, null, null, null, false, null);
    }
}
