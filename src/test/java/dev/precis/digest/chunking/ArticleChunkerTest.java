package dev.precis.digest.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArticleChunkerTest {

    /** Wire-style paragraphs of our own (invented people); {@code %d} numbers each repetition. */
    private static final List<String> PARAGRAPHS = List.of(
            "PARIS, 4 juin (Agence) - La ministre des Affaires étrangères, Hélène Vasseur, a reçu jeudi au "
                    + "Quai d'Orsay son homologue sénégalais, Ousmane Diatta, pour la %de séance de travail consacrée "
                    + "à la sécurité maritime dans le golfe de Guinée. Les deux responsables ont évoqué la piraterie, "
                    + "la pêche illégale et le financement des garde-côtes, selon un communiqué du ministère.",
            "« Nous avons avancé sur tous les dossiers », a déclaré Mme Vasseur à l'issue de l'entretien n° "
                    + "%d, qui a duré près de deux heures. M. Diatta a pour sa part salué « une relation de confiance "
                    + "» et annoncé qu'une délégation technique se rendrait à Brest à l'automne.",
            "La rencontre intervient après plusieurs mois de tensions entre les deux capitales. En mars, "
                    + "Dakar avait suspendu sa participation à l'exercice naval conjoint, invoquant des « divergences "
                    + "d'approche ». Le dossier %d n'a pas été rouvert jeudi, a indiqué une source diplomatique.",
            "Interrogé par la presse, le porte-parole du gouvernement, Baptiste Lemarchand, a refusé de "
                    + "commenter les informations selon lesquelles Paris envisagerait de réduire son contingent au "
                    + "Sahel. « Aucune décision n'est prise », a-t-il assuré, renvoyant à la réunion prévue le %d "
                    + "juillet.",
            "Mme Vasseur doit ensuite se rendre à Abidjan, où elle sera reçue par le président du Conseil "
                    + "économique, Aya Kouamé-Brou, puis à Lomé. Cette tournée, la %de depuis sa nomination, vise à « "
                    + "reconstruire un dialogue d'égal à égal » avec les partenaires africains de la France.",
            "Les observateurs restent prudents. « Les annonces se succèdent, mais les moyens ne suivent pas "
                    + "», estime Clémence Auvray, chercheuse à l'Institut d'études maritimes, qui rappelle que le "
                    + "programme de coopération n° %d n'a toujours pas reçu ses premiers crédits.");

    private static final ArticleChunker CHUNKER = new ArticleChunker(1_000);

    @Test
    void anArticleWithinBudgetIsOneChunk() {
        String article = PARAGRAPHS.get(0).formatted(1) + "\n\n" + PARAGRAPHS.get(1).formatted(1);
        assertThat(CHUNKER.split(article)).containsExactly(new Chunk(0, article.length()));
    }

    @Test
    void anArticleExactlyAtTheBudgetIsOneChunkAndOneTokenLessSplitsIt() {
        String article = longArticle(3_000);
        int tokens = CHUNKER.countTokens(article);
        assertThat(new ArticleChunker(tokens).split(article)).hasSize(1);
        assertThat(new ArticleChunker(tokens - 1).split(article)).hasSizeGreaterThan(1);
    }

    @Test
    void theEmptyArticleIsOneEmptyChunk() {
        assertThat(CHUNKER.split("")).containsExactly(new Chunk(0, 0));
    }

    @Test
    void aLongArticleIsPackedIntoChunksOfWholeParagraphs() {
        String article = longArticle(60_000);
        List<Chunk> chunks = CHUNKER.split(article);

        assertThat(chunks).hasSizeGreaterThan(5);
        assertTiles(article, chunks, 1_000);
        for (int boundary : boundaries(chunks)) {
            assertThat(article.substring(boundary - 2, boundary)).isEqualTo("\n\n");
            assertThat(article.charAt(boundary)).isNotEqualTo('\n').isNotEqualTo(' ');
        }
    }

    @Test
    void chunksAreFilledGreedilyNotOneParagraphEach() {
        String article = longArticle(60_000);
        List<Chunk> chunks = CHUNKER.split(article);
        for (int i = 0; i + 1 < chunks.size(); i++) {
            String twoChunks = article.substring(chunks.get(i).start(), chunks.get(i + 1).end());
            assertThat(CHUNKER.countTokens(twoChunks)).isGreaterThan(1_000);
        }
    }

    @Test
    void aSingleLineBreakEndsAParagraphToo() {
        String article = longArticle(20_000).replace("\n\n", "\r\n");
        List<Chunk> chunks = new ArticleChunker(500).split(article);
        assertTiles(article, chunks, 500);
        for (int boundary : boundaries(chunks)) {
            assertThat(article.substring(boundary - 2, boundary)).isEqualTo("\r\n");
        }
    }

    @Test
    void aParagraphOverBudgetIsSplitAtSentenceEnds() {
        StringBuilder paragraph = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            paragraph.append("Le conseiller Rémi Gautier-Lenoir a présenté le point n° ").append(i)
                    .append(" de l'ordre du jour devant la commission des finances de la région. ");
        }
        String article = "BORDEAUX, 12 mai (Agence) - Séance chargée au conseil régional.\n\n"
                + paragraph.toString().strip();
        List<Chunk> chunks = new ArticleChunker(100).split(article);

        assertTiles(article, chunks, 100);
        assertThat(chunks).hasSizeGreaterThan(5);
        for (int boundary : boundaries(chunks)) {
            assertThat(article.substring(0, boundary)).endsWith(". ");
            assertThat(Character.isUpperCase(article.charAt(boundary))).isTrue();
        }
    }

    @Test
    void aSentenceOverBudgetIsSplitAtWhitespace() {
        StringBuilder sentence = new StringBuilder("Étaient présents");
        for (int i = 1; i <= 300; i++) {
            sentence.append(" le délégué ").append(i).append(" de la préfecture,");
        }
        String article = sentence.append(" et le maire.").toString();
        List<Chunk> chunks = new ArticleChunker(60).split(article);

        assertTiles(article, chunks, 60);
        for (int boundary : boundaries(chunks)) {
            assertThat(article.charAt(boundary - 1)).isEqualTo(' ');
            assertThat(article.charAt(boundary)).isNotEqualTo(' ');
        }
    }

    @Test
    void noBreakSpacesAreNeverCutPoints() {
        String sentence = "Le préfet Arnaud Ketterer a déclaré\u202f: «\u00a0nous restons vigilants\u00a0», "
                + "puis\u202f: «\u00a0la situation évolue\u00a0», "
                + "avant d'ajouter\u202f: «\u00a0rien n'est exclu\u00a0», ";
        String article = sentence.repeat(20);
        List<Chunk> chunks = new ArticleChunker(12).split(article);

        assertTiles(article, chunks, 12);
        for (int boundary : boundaries(chunks)) {
            assertThat(article.charAt(boundary - 1)).isEqualTo(' ');
            assertThat(article.charAt(boundary)).isNotIn(':', '\u00bb');
        }
    }

    @Test
    void aWordWithoutWhitespaceIsCutAtAHardLimitAndStillPacked() {
        String word = randomLetters(new Random(7), 50_000);
        List<Chunk> chunks = CHUNKER.split(word);

        assertTiles(word, chunks, 1_000);
        int tokens = CHUNKER.countTokens(word);
        assertThat(chunks.size()).isBetween(tokens / 1_000 + 1, 2 * (tokens / 1_000 + 1));
    }

    @Test
    void surrogatePairsAreNeverSplit() {
        String emoji = "a\ud835\udd38\ud83d\ude00\ud83e\udda9\u00e9\ud83c\uddeb\ud83c\uddf7".repeat(2_000);
        for (int budget = 4; budget <= 13; budget++) {
            List<Chunk> chunks = new ArticleChunker(budget).split(emoji);
            assertTiles(emoji, chunks, budget);
            assertThat(chunks).allSatisfy(chunk -> assertWholeCodePoints(emoji, chunk));
        }
    }

    @Test
    void aBudgetTooSmallForOneCharacterIsRefused() {
        assertThatThrownBy(() -> new ArticleChunker(3)).isInstanceOf(IllegalArgumentException.class);
        String flamingos = "\ud83e\udda9".repeat(5);
        List<Chunk> chunks = new ArticleChunker(4).split(flamingos);
        assertTiles(flamingos, chunks, 4);
        assertThat(chunks).allSatisfy(chunk -> assertWholeCodePoints(flamingos, chunk));
    }

    @Test
    void specialTokensInTheArticleCountAsOrdinaryText() {
        String article = "Le texte cite <|endoftext|> et <|im_start|> sans effet.";
        assertThat(CHUNKER.countTokens(article)).isGreaterThan(10);
        assertThat(CHUNKER.split(article)).containsExactly(new Chunk(0, article.length()));
    }

    /**
     * Mixed fragments under random budgets. A few seeds (100 among them) make the summed piece counts too low, so
     * the chunk counted whole must give pieces back.
     */
    @Test
    void randomTextsAreAlwaysTiledWithinBudget() {
        List<String> fragments = List.of("Le ", "ministre ", "a reçu ", "Élodie ", "é", "x", "\n", "\n\n", "\r\n",
                " ", "   ", ". ", "! ", "\u202f: ", "« ", " »", "\ud83d\ude00", "\ud835\udd38",
                "\ud83c\uddeb\ud83c\uddf7", "https://exemple.fr/", "1234567890");
        for (int seed = 1; seed <= 100; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(8_000);
            while (text.length() < length) {
                text.append(fragments.get(random.nextInt(fragments.size())));
            }
            String article = text.toString();
            int budget = 4 + random.nextInt(300);
            List<Chunk> chunks = new ArticleChunker(budget).split(article);
            assertTiles(article, chunks, budget);
            assertThat(chunks).allSatisfy(chunk -> assertWholeCodePoints(article, chunk));
        }
    }

    @Test
    void longArticlesAreSplitQuickly() {
        String article = longArticle(100_000);
        String word = randomLetters(new Random(11), 100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(CHUNKER.split(article)).hasSizeGreaterThan(10);
            assertThat(new ArticleChunker(500).split(word)).hasSizeGreaterThan(10);
        });
    }

    @Test
    void aChunkGivesItsTextAndRefusesAnInvalidRange() {
        assertThat(new Chunk(3, 8).textOf("RABAT, 10 mars")).isEqualTo("AT, 1");
        assertThatThrownBy(() -> new Chunk(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chunk(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Paragraphs from the list, numbered, separated by blank lines, until the article reaches the length. */
    private static String longArticle(int minLength) {
        StringBuilder article = new StringBuilder();
        for (int n = 1; article.length() < minLength; n++) {
            if (!article.isEmpty()) {
                article.append("\n\n");
            }
            article.append(PARAGRAPHS.get((n - 1) % PARAGRAPHS.size()).formatted(n));
        }
        return article.toString();
    }

    /** A pasted hash or mangled URL: letters and digits with no whitespace at all. */
    private static String randomLetters(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzéèàçABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder letters = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            letters.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return letters.toString();
    }

    /** Consecutive, non-empty, from 0 to the end, each within budget by the same tokenizer. */
    private static void assertTiles(String article, List<Chunk> chunks, int budget) {
        assertThat(chunks).isNotEmpty();
        assertThat(chunks.get(0).start()).isZero();
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(article.length());
        for (int i = 0; i + 1 < chunks.size(); i++) {
            assertThat(chunks.get(i).end()).isEqualTo(chunks.get(i + 1).start());
        }
        for (Chunk chunk : chunks) {
            assertThat(chunk.end()).isGreaterThan(chunk.start());
            assertThat(CHUNKER.countTokens(chunk.textOf(article))).isLessThanOrEqualTo(budget);
        }
    }

    private static void assertWholeCodePoints(String article, Chunk chunk) {
        assertThat(Character.isLowSurrogate(article.charAt(chunk.start()))).isFalse();
        assertThat(Character.isHighSurrogate(article.charAt(chunk.end() - 1))).isFalse();
    }

    private static List<Integer> boundaries(List<Chunk> chunks) {
        return chunks.stream().skip(1).map(Chunk::start).toList();
    }
}
