package dev.precis.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cheap decision before Lingua may only save work: wherever it decides, it must say what Lingua says, and it must
 * never call a foreign text English. Checked over every article and every English field of the gold set (eval/gold),
 * and over texts of our own in the other configured languages.
 */
class FunctionWordsTest {

    private static final Set<String> ALL = Set.of("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ro", "tr");
    private static final LanguageGuard LINGUA_ONLY = LanguageGuard.forLanguages(List.copyOf(ALL));

    record Gold(String name, String article, String language, List<String> english) {
    }

    static List<Gold> gold() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Gold> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("eval/gold"))) {
            for (Path json : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode node = mapper.readTree(json.toFile());
                String article = Files.readString(Path.of(json.toString().replace(".json", ".txt")));
                List<String> english = new ArrayList<>();
                JsonNode gold = node.path("gold");
                english.add(gold.path("headline").asText(""));
                english.add(gold.path("summary").asText(""));
                for (JsonNode meeting : gold.path("meetings")) {
                    english.add(meeting.path("purpose").asText(""));
                }
                all.add(new Gold(json.getFileName().toString(), article, node.path("sourceLanguage").asText(),
                        english));
            }
        }
        return all;
    }

    @Test
    void articlesAreNeverTakenForAnotherLanguage() throws IOException {
        int decided = 0;
        List<Gold> gold = gold();
        for (Gold g : gold) {
            Optional<String> plain = FunctionWords.plainLanguage(g.article(), ALL);
            if (plain.isPresent()) {
                decided++;
                assertThat(plain).as(g.name()).contains(g.language());
            }
            if (!g.language().equals("en")) {
                assertThat(FunctionWords.plainlyEnglish(g.article())).as(g.name()).isFalse();
                assertThat(FunctionWords.plainlyEnglish(g.article().substring(0, Math.min(1000,
                        g.article().length())))).as(g.name()).isFalse();
            }
        }
        // the point of it: real-size wire articles are decided without Lingua
        assertThat(decided).as("articles decided by their small words").isGreaterThanOrEqualTo(gold.size() * 3 / 4);
    }

    @Test
    void whereTheSmallWordsCallModelTextEnglishLinguaAgrees() throws IOException {
        int fields = 0;
        int decided = 0;
        for (Gold g : gold()) {
            for (String text : g.english()) {
                if (text.isBlank()) {
                    continue;
                }
                fields++;
                if (FunctionWords.plainlyEnglish(text)) {
                    decided++;
                    assertThat(LINGUA_ONLY.englishByLingua(text)).as(text).isTrue();
                }
            }
        }
        assertThat(decided).as("English fields decided by their small words").isGreaterThanOrEqualTo(fields / 2);
    }

    @Test
    void foreignSentencesAreNeverPlainlyEnglish() {
        List<String> foreign = List.of(
                "Le ministre a rencontré son homologue à Paris pour parler de la sécurité et des échanges.",
                "Il a été reçu par le président, qui lui a présenté les grandes lignes du plan de relance.",
                "Der Minister traf seinen Amtskollegen in Berlin, um über die Sicherheit und den Handel zu sprechen.",
                "El ministro se reunió con su homólogo en Madrid para hablar de la seguridad y del comercio.",
                "Il ministro ha incontrato il suo omologo a Roma per parlare della sicurezza e del commercio.",
                "O ministro encontrou-se com o seu homólogo em Lisboa para falar da segurança e do comércio.",
                "De minister ontmoette zijn ambtgenoot in Den Haag om te praten over de veiligheid en de handel.",
                // an answer left half untranslated
                "The minister met his counterpart, qui lui a présenté les grandes lignes du plan de relance.");
        for (String text : foreign) {
            assertThat(FunctionWords.plainlyEnglish(text)).as(text).isFalse();
        }
    }

    @Test
    void onlyConfiguredLanguagesAreConsideredAndCloseCallsAreLeftToLingua() throws IOException {
        Gold french = gold().stream().filter(g -> g.language().equals("fr")
                && FunctionWords.plainLanguage(g.article(), ALL).isPresent()).findFirst().orElseThrow();
        assertThat(FunctionWords.plainLanguage(french.article(), Set.of("en", "de"))).isEmpty();
        // half French, half English: undecided
        assertThat(FunctionWords.plainLanguage(french.article().substring(0, 800) + " "
                + "The minister met his counterpart in the capital on Tuesday and said that the talks had been "
                + "useful for both of their countries, which have been at odds over trade for a year. They will "
                + "meet again after the summer, when the working groups have reported to them and to the cabinet. "
                + "It was the first visit of a foreign minister to the country since the elections of the spring.",
                ALL)).isEmpty();
        assertThat(FunctionWords.plainLanguage("Trop court pour juger.", ALL)).isEmpty();
    }

    @Test
    void foreignTextSaltedWithEnglishSmallWordsIsLeftToLingua() {
        // a hostile backend's trick: a few English small words sprinkled into another language
        List<String> salted = List.of(
                "Il ministro the ha incontrato il of suo omologo a the Roma per parlare and della sicurezza.",
                "Minister spotkał się the w Warszawie z of swoim odpowiednikiem, and rozmawiali o the handlu.",
                "Bakan the Ankara'da mevkidaşı ile of görüştü ve the güvenlik and konularını ele aldı.",
                "Ministrul s-a întâlnit the cu omologul său of la București and pentru the discuții.",
                "Le ministre the a rencontré son of homologue à Paris and pour parler the de sécurité.",
                // words several languages share, on no single list
                "The director de la seguridad exterior of Francia visita Rabat and the martes se reune a su homologo.");
        for (String text : salted) {
            assertThat(FunctionWords.plainlyEnglish(text)).as(text).isFalse();
        }
    }

    @Test
    void hiddenCharactersAndDecomposedAccentsAreLeftToLingua() {
        String english = "The minister met his counterpart in the capital and said that the talks were useful.";
        assertThat(FunctionWords.plainlyEnglish(english)).isTrue();
        // an invisible character inside a word, or an accent written as a combining mark, disguises what the word is
        assertThat(FunctionWords.plainlyEnglish(english.replace("counterpart", "counter\u200Bpart"))).isFalse();
        assertThat(FunctionWords.plainlyEnglish("The minister met the ministre de\u0301le\u0301gue\u0301 and the "
                + "pre\u0301fet of the re\u0301gion at the pre\u0301fecture.")).isFalse();
    }

    @Test
    void aLatinScriptLanguageWithoutItsSmallWordsTurnsTheCheapDecisionOff() {
        assertThat(FunctionWords.decidesFor(Set.of("en", "fr", "ru", "zh", "pl"))).isTrue();
        assertThat(FunctionWords.decidesFor(Set.of("en", "fr", "sv"))).isFalse();
    }
}
