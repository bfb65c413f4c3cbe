package dev.precis.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our calling-thread run of Lingua gives exactly Lingua's own confidences and verdicts, text for text. */
class LinguaHereTest {

    private static final List<String> TEXTS = List.of(
            "Le ministre des Armées a reçu mardi son homologue polonais pour évoquer la défense aérienne.",
            "The defence minister received her Polish counterpart on Tuesday to discuss air defence.",
            "Der Bundeskanzler empfing am Mittwoch den polnischen Ministerpräsidenten in Berlin.",
            "El ministro de Trabajo se reunió el lunes con los transportistas en Madrid.",
            "Il presidente del Consiglio ha incontrato ieri a Roma il primo ministro greco.",
            "O ministro recebeu na terça-feira o seu homólogo angolano em Lisboa.",
            "De minister sprak dinsdag in Den Haag met zijn Belgische collega.",
            "Министр обороны встретился во вторник со своим польским коллегой.",
            "Міністр оборони зустрівся у вівторок зі своїм польським колегою.",
            "استقبل الوزير نظيره البولندي يوم الثلاثاء",
            "国防部长周二会见了波兰同行。",
            "防衛大臣は火曜日にポーランドの国防相と会談した。",
            "Economic security and semiconductor supply; joint declaration on critical supply chains",
            "Macron Scholz Berlin",
            "a",
            "1234 5678",
            "",
            "Le président a reçu son homologue. The minister met them. Der Kanzler war da.");

    @Test
    void theSameConfidencesAndVerdictsAsLingua() {
        List<LanguageDetector> detectors = List.of(
                LanguageDetectorBuilder.fromLanguages(Language.ENGLISH, Language.FRENCH, Language.GERMAN,
                        Language.SPANISH, Language.ITALIAN, Language.PORTUGUESE, Language.DUTCH, Language.RUSSIAN,
                        Language.UKRAINIAN, Language.ARABIC, Language.CHINESE, Language.JAPANESE)
                        .withLowAccuracyMode().build(),
                LanguageDetectorBuilder.fromLanguages(Language.ENGLISH, Language.FRENCH).withLowAccuracyMode().build());
        for (LanguageDetector detector : detectors) {
            for (String text : TEXTS) {
                Map<Language, Double> ours = LinguaHere.confidences(detector, text);
                assertThat(List.copyOf(ours.entrySet())).as(text)
                        .isEqualTo(List.copyOf(detector.computeLanguageConfidenceValues(text).entrySet()));
                assertThat(LinguaHere.detect(detector, 0.0, text)).as(text).isEqualTo(detector.detectLanguageOf(text));
            }
        }
    }
}
