package dev.precis.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrounderTest {

    @Test
    void exactQuoteIsFoundAtItsOffsets() {
        String article = "Le ministre Jean Dupont a reçu mardi son homologue.";
        assertThat(new Grounder(article).locate("Jean Dupont")).containsExactly(new Span(12, 23));
    }

    @Test
    void everyOccurrenceIsReported() {
        String article = "Karim Benali a accueilli la délégation. Plus tard, Karim Benali a remercié ses hôtes. karim benali";
        List<Span> spans = new Grounder(article).locate("Karim Benali");
        assertThat(spans).hasSize(3);
        assertThat(spans).extracting(span -> article.substring(span.start(), span.end()))
                .containsExactly("Karim Benali", "Karim Benali", "karim benali");
    }

    @Test
    void accentsMustMatchButCompositionMayDiffer() {
        String decomposed = "La ministre He\u0301le\u0300ne Roux est arrive\u0301e.";
        Grounder grounder = new Grounder(decomposed);
        List<Span> spans = grounder.locate("Hélène Roux");
        assertThat(spans).hasSize(1);
        assertThat(grounder.textOf(spans.get(0))).isEqualTo("He\u0301le\u0300ne Roux");
        assertThat(new Grounder("Le général Éric Martin").locate("Eric Martin")).isEmpty();
    }

    @Test
    void typographicApostrophesQuotesAndHyphensMatchTheirPlainForms() {
        String article = "Il s\u2019est rendu \u00e0 l\u2019\u00c9lys\u00e9e avec Jean\u2011Baptiste Moreau et a parl\u00e9 d\u2019\u00ab\u00a0avanc\u00e9es\u00a0\u00bb.";
        Grounder grounder = new Grounder(article);
        assertThat(texts(grounder, "s'est rendu à l'Élysée")).containsExactly("s\u2019est rendu \u00e0 l\u2019\u00c9lys\u00e9e");
        assertThat(texts(grounder, "Jean-Baptiste Moreau")).containsExactly("Jean\u2011Baptiste Moreau");
        assertThat(texts(grounder, "\"avancées\"")).containsExactly("\u00ab\u00a0avanc\u00e9es\u00a0\u00bb");
    }

    @Test
    void whitespaceRunsNoBreakSpacesAndLineBreaksAreOneSpace() {
        String article = "Selon Matignon\u202f: les deux dirigeants\nse   sont\u00a0parl\u00e9.";
        Grounder grounder = new Grounder(article);
        assertThat(texts(grounder, "Matignon : les deux dirigeants se sont parlé"))
                .containsExactly("Matignon\u202f: les deux dirigeants\nse   sont\u00a0parl\u00e9");
    }

    @Test
    void caseIsIgnored() {
        Grounder grounder = new Grounder("RABAT, 10 mars (AFP) - Le roi a reçu à Rabat...");
        assertThat(texts(grounder, "Rabat")).containsExactly("RABAT", "Rabat");
    }

    @Test
    void aQuoteNeverMatchesInsideALongerWord() {
        Grounder grounder = new Grounder("Parisiens et Parisiennes ont accueilli à Paris le président.");
        assertThat(texts(grounder, "Paris")).containsExactly("Paris");
        assertThat(new Grounder("L'ancien président Macronie").locate("Macron")).isEmpty();
    }

    @Test
    void aHyphenJoinsAWord() {
        Grounder grounder = new Grounder("Jean-Pierre Raffarin a reçu Pierre Martin à Saint-Denis, puis Denis Roche.");
        assertThat(grounder.locate("Pierre")).containsExactly(new Span(28, 34));
        assertThat(texts(grounder, "Denis")).containsExactly("Denis");
        assertThat(texts(grounder, "Jean-Pierre Raffarin")).containsExactly("Jean-Pierre Raffarin");
    }

    @Test
    void scriptsWithoutSpacesBetweenWordsOrWithAttachedParticlesStillGround() {
        String chinese = "国家主席习近平在北京会见了美国总统拜登。";
        assertThat(texts(new Grounder(chinese), "习近平")).containsExactly("习近平");
        assertThat(texts(new Grounder(chinese), "北京")).containsExactly("北京");
        assertThat(texts(new Grounder("바이든은 서울에서 윤석열 대통령을 만났다."), "바이든")).containsExactly("바이든");
        assertThat(texts(new Grounder("التقى الرئيس وبوتين في موسكو."), "بوتين")).containsExactly("بوتين");
    }

    @Test
    void aMatchNeverSplitsOneCharacter() {
        assertThat(new Grounder("Il a obtenu ½ des voix.").locate("1")).isEmpty();
        assertThat(new Grounder("Un accord ﬁnal a été signé.").locate("final")).hasSize(1);
    }

    @Test
    void greekFinalSigmaMatchesUpperCase() {
        assertThat(new Grounder("Ο υπουργός Νίκος Δένδιας συναντήθηκε").locate("ΔΈΝΔΙΑΣ")).hasSize(1);
    }

    @Test
    void punctuationAloneIsNeverGrounded() {
        Grounder grounder = new Grounder("Il a parlé d'« avancées » et de « progrès ».");
        assertThat(grounder.locate("«")).isEmpty();
        assertThat(grounder.locate(" - ")).isEmpty();
    }

    @Test
    void nameSpelledTwoWaysIsFoundUnderEachSpelling() {
        String article = "Oleksandr Kovalenko est arrivé jeudi. Alexandre Kovalenko, comme l'écrit la presse, repart vendredi.";
        Grounder grounder = new Grounder(article);
        assertThat(grounder.locate("Oleksandr Kovalenko")).containsExactly(new Span(0, 19));
        assertThat(grounder.locate("Alexandre Kovalenko")).containsExactly(new Span(38, 57));
    }

    @Test
    void invisibleCharactersInsideTheArticleAreSkipped() {
        String article = "Le ministre Ka\u200brim\u2066 Benali\udb40\udc20 est arrivé.";
        Grounder grounder = new Grounder(article);
        List<Span> spans = grounder.locate("Karim Benali");
        assertThat(spans).hasSize(1);
        assertThat(grounder.textOf(spans.get(0))).isEqualTo("Ka\u200brim\u2066 Benali");
    }

    @Test
    void offsetsAreUtf16CodeUnitsOfTheSubmittedText() {
        String article = "\ud83c\uddeb\ud83c\uddf7 Réunion à Genève avec Tomás Ruiz.";
        List<Span> spans = new Grounder(article).locate("Tomás Ruiz");
        assertThat(spans).containsExactly(new Span(article.indexOf("Tomás"), article.indexOf("Tomás") + 10));
    }

    @Test
    void blankAndMissingQuotesAreNotFound() {
        Grounder grounder = new Grounder("Un texte.");
        assertThat(grounder.locate(null)).isEmpty();
        assertThat(grounder.locate("  ")).isEmpty();
        assertThat(grounder.locate("Berlin")).isEmpty();
    }

    @Test
    void aFiftyThousandCharacterWordIsHandled() {
        String article = "x".repeat(50_000) + " Karim Benali";
        assertThat(new Grounder(article).locate("Karim Benali")).containsExactly(new Span(50_001, 50_013));
        assertThat(new Grounder(article).locate("x".repeat(10))).isEmpty();
    }

    @Test
    void longQuotesFindEveryWholeWordOccurrenceLikeShortOnes() {
        String phrase = "le ministre des Affaires étrangères a reçu son homologue";
        String article = phrase + ", puis " + phrase.toUpperCase() + " ; enfin sous-" + phrase + " et " + phrase + "s.";
        List<Span> spans = new Grounder(article).locate(phrase);
        assertThat(spans).hasSize(2);
        assertThat(spans.get(0).start()).isZero();
        assertThat(article.substring(spans.get(1).start(), spans.get(1).end())).isEqualTo(phrase.toUpperCase());
    }

    @Test
    void overlappingOccurrencesOfALongQuoteAreTakenInTextOrderWithoutOverlap() {
        String unit = "abcdefghijklmnopqrstuvwxyz0123456789";
        String article = (unit + " ").repeat(3).strip();
        String quote = unit + " " + unit;
        assertThat(new Grounder(article).locate(quote)).containsExactly(new Span(0, 2 * unit.length() + 1));
    }

    private static List<String> texts(Grounder grounder, String quote) {
        return grounder.locate(quote).stream().map(grounder::textOf).toList();
    }
}
