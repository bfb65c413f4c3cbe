package dev.precis.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanguageGuardTest {

    private static LanguageGuard guard;

    @BeforeAll
    static void load() {
        guard = LanguageGuard.forLanguages(List.of("fr", "de", "es", "it"));
    }

    @Test
    void detectsTheLanguageOfArticles() {
        assertThat(guard.detect("Le ministre des Armées a reçu mardi à Paris son homologue allemand pour évoquer "
                + "la défense aérienne européenne.")).contains("fr");
        assertThat(guard.detect("El ministro de Defensa recibió el martes en Madrid a su homólogo alemán para "
                + "hablar de la defensa aérea europea.")).contains("es");
        assertThat(guard.detect("Der Verteidigungsminister empfing am Dienstag in Berlin seinen französischen "
                + "Amtskollegen, um über die europäische Luftverteidigung zu sprechen.")).contains("de");
    }

    @Test
    void englishTextIsEnglish() {
        assertThat(guard.isEnglish("The head of French foreign intelligence visited his counterpart to discuss "
                + "the terrorist threat in the Sahel.")).isTrue();
        assertThat(guard.isEnglish("To discuss gas supplies to Central Europe before the winter.")).isTrue();
    }

    @Test
    void frenchOrSpanishTextIsNotEnglish() {
        assertThat(guard.isEnglish("Le chef des services de renseignement français s'est rendu à Rabat pour "
                + "rencontrer son homologue marocain.")).isFalse();
        assertThat(guard.isEnglish("Para hablar del suministro de gas antes del invierno.")).isFalse();
    }

    @Test
    void textsTooShortToJudgeAreAccepted() {
        assertThat(guard.isEnglish("Sommet de Genève")).isTrue();
        assertThat(guard.isEnglish(null)).isTrue();
    }

    @Test
    void anAnswerInAThirdLanguageIsNotEnglish() {
        // a French article answered in Spanish, Italian or German: every configured language is weighed
        assertThat(guard.isEnglish("El ministro se reunió con su homólogo para hablar de la seguridad en la región.")).isFalse();
        assertThat(guard.isEnglish("Il ministro ha incontrato il suo omologo per parlare della sicurezza nella regione."))
                .isFalse();
        assertThat(guard.isEnglish("Der Minister traf seinen Amtskollegen, um über die Sicherheit in der Region zu "
                + "sprechen.")).isFalse();
    }

    @Test
    void textInAnotherScriptIsNotEnglishEvenWithoutSpacesToCountWords() {
        assertThat(guard.isEnglish("法国对外安全总局局长周二访问拉巴特并会见了摩洛哥同行")).isFalse();
        assertThat(guard.isEnglish("フランスの情報機関の長官が火曜日にラバトを訪問した")).isFalse();
        assertThat(guard.isEnglish("프랑스 정보기관 수장이 화요일 라바트를 방문했다")).isFalse();
        // a name in another script inside English text is not enough
        assertThat(guard.isEnglish("The minister met 王毅 in Beijing to discuss trade and the summit.")).isTrue();
    }

    @Test
    void wordsJoinedByBlankLettersAreStillWords() {
        // U+3164 counts as a letter but shows as a space: read as one, the Spanish is judged as Spanish
        String joined = "El director de la seguridad exterior visitó Rabat el martes para reunirse con su homólogo"
                .replace(" ", "\u3164");
        assertThat(dev.precis.grounding.InvisibleCharacters.strip(joined)).contains("director de la");
        assertThat(guard.isEnglish(dev.precis.grounding.InvisibleCharacters.strip(joined))).isFalse();
    }
}
