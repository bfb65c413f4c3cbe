package dev.precis.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cheap decision taken before Lingua where the answer is obvious: the small words a language cannot do without
 * (articles, conjunctions, prepositions, auxiliaries) give a text away. Each list holds only words that are not also
 * common words of the other languages listed, so a hit counts for one language alone. When the count is not
 * overwhelming the question goes to Lingua as before: this only ever saves work, it never decides a close call.
 */
final class FunctionWords {

    static final Map<String, Set<String>> DISTINCTIVE = Map.of(
            "en", Set.of("the", "of", "and", "to", "is", "was", "were", "with", "for", "by", "at", "from", "that",
                    "this", "his", "her", "their", "has", "have", "had", "will", "would", "be", "been", "are", "which",
                    "who", "it", "they", "she", "not", "but", "or", "during", "after", "said", "its", "also", "into",
                    "about", "between", "than", "them", "these", "those", "there", "more", "other", "such", "only",
                    "when", "where", "while", "should", "could", "did", "does"),
            "fr", Set.of("les", "du", "et", "est", "une", "dans", "pour", "par", "sur", "au", "aux", "qui", "avec",
                    "sont", "ont", "été", "cette", "elle", "ils", "pas", "lors", "selon", "où", "après", "leur", "ses"),
            "de", Set.of("der", "das", "und", "ist", "nicht", "mit", "dem", "ein", "eine", "einer", "zu", "von",
                    "im", "auf", "für", "sich", "auch", "wird", "wurde", "sind", "bei", "nach", "aus", "zum", "zur"),
            "es", Set.of("el", "los", "las", "sus", "una", "del", "con", "por", "para", "como", "fue", "más", "también", "pero", "según", "tras", "ante"),
            "it", Set.of("gli", "della", "delle", "dei", "di", "che", "è", "nel", "nella", "alla", "sono",
                    "anche", "degli", "dalla", "questo", "questa", "perché", "dopo", "stato"),
            "pt", Set.of("os", "dos", "em", "não", "pelo", "pela", "foi", "ao", "é", "também", "mas",
                    "seu", "sua", "após"),
            "nl", Set.of("het", "een", "van", "niet", "voor", "zijn", "werd", "wordt", "ook", "naar", "aan", "dat",
                    "dit", "heeft", "hebben", "worden", "deze", "maar"),
            "pl", Set.of("się", "jest", "oraz", "przez", "także", "który", "która", "które", "został", "została",
                    "jego", "dla", "tym", "był", "była", "było", "czy", "już", "tylko", "sie", "ktory", "juz"),
            "ro", Set.of("și", "şi", "sunt", "pentru", "acest", "această", "fost", "după", "către", "despre", "sau",
                    "lui", "din", "cu", "într", "unui", "unei", "fiind", "si", "dupa", "catre"),
            "tr", Set.of("ve", "bir", "bu", "için", "ile", "olarak", "gibi", "daha", "çok", "ama", "olan", "kadar",
                    "sonra", "ancak", "göre", "değil", "ise", "icin"));

    /**
     * Small words that several of the listed languages share (so no one list holds them) and English does not have:
     * one of them in a text means it is not plainly English, whichever language it is.
     */
    static final Set<String> NOT_ENGLISH = Set.of("de", "la", "le", "y", "se", "su", "en", "il", "lo", "el", "un",
            "des", "die", "den", "e", "o", "z", "w", "i", "na", "ze", "je", "ja", "nie", "od", "per", "che", "du", "et",
            "der", "al", "con", "da", "ne", "si", "ha", "han", "ont", "sa", "ses", "los", "del");

    /**
     * Configured languages written in another script than Latin: their text is never "mostly unaccented Latin
     * letters", so they need no list of small words for the English decision to be safe.
     */
    static final Set<String> NON_LATIN = Set.of("ru", "uk", "be", "bg", "mk", "sr", "kk", "mn", "ar", "fa", "ur",
            "he", "el", "hy", "ka", "hi", "mr", "bn", "gu", "pa", "ta", "te", "th", "zh", "ja", "ko");

    /** A text shorter than this (in words) is left to Lingua. */
    static final int MIN_WORDS = 6;

    /** The languages of {@link #DISTINCTIVE}, in a fixed order: a word's languages are a bit mask over it. */
    private static final List<String> LANGUAGES = DISTINCTIVE.keySet().stream().sorted().toList();
    /** Every listed word, with the bit mask of the languages whose list holds it. */
    private static final Map<String, Integer> WORDS = new HashMap<>();
    /** No listed word is longer: longer words are not even looked up. */
    private static final int MAX_WORD_LENGTH;

    static {
        int longest = 0;
        for (int i = 0; i < LANGUAGES.size(); i++) {
            for (String word : DISTINCTIVE.get(LANGUAGES.get(i))) {
                WORDS.merge(word, 1 << i, (a, b) -> a | b);
                longest = Math.max(longest, word.length());
            }
        }
        MAX_WORD_LENGTH = longest;
    }

    private FunctionWords() {
    }

    /** Words of a text and, per language, how many of them are that language's distinctive small words. */
    record Count(int words, int nonAsciiLetters, int letters, int[] hitsByLanguage, int shared) {

        int hits(String language) {
            int index = LANGUAGES.indexOf(language);
            return index < 0 ? 0 : hitsByLanguage[index];
        }

        int foreignTo(String language) {
            int foreign = 0;
            for (int i = 0; i < hitsByLanguage.length; i++) {
                if (!LANGUAGES.get(i).equals(language)) {
                    foreign += hitsByLanguage[i];
                }
            }
            return foreign;
        }
    }

    /**
     * One pass over the text: words are runs of letters (apostrophes split them: "l'homme" is "l" and "homme").
     * Only words as short as the listed ones are looked up.
     */
    static Count count(String text) {
        int[] hits = new int[LANGUAGES.size()];
        int words = 0;
        int letters = 0;
        int nonAscii = 0;
        int shared = 0;
        char[] word = new char[MAX_WORD_LENGTH];
        int length = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                letters++;
                if (c >= 128) {
                    nonAscii++;
                }
                if (length < MAX_WORD_LENGTH) {
                    word[length] = Character.toLowerCase(c);
                }
                length++;
                continue;
            }
            if (length > 0) {
                words++;
                if (length <= MAX_WORD_LENGTH) {
                    String small = new String(word, 0, length);
                    if (length <= 3 && NOT_ENGLISH.contains(small)) {
                        shared++;
                    }
                    Integer languages = WORDS.get(small);
                    if (languages != null) {
                        for (int l = 0; l < hits.length; l++) {
                            if ((languages & (1 << l)) != 0) {
                                hits[l]++;
                            }
                        }
                    }
                }
                length = 0;
            }
        }
        return new Count(words, nonAscii, letters, hits, shared);
    }

    /**
     * Whether the cheap English decision is safe for these configured languages: each one written in Latin letters
     * must have its list of small words here, or a text in it could pass for English by simply having none of the
     * listed foreign words.
     */
    static boolean decidesFor(Set<String> configured) {
        for (String language : configured) {
            if (!DISTINCTIVE.containsKey(language) && !NON_LATIN.contains(language)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the text is plainly English: plain unaccented Latin letters with nothing hidden between them (no
     * combining accents, no invisible format characters, which could split or disguise foreign words), at least one
     * word in five one of English's small words (two in three of the model-written fields of the gold set get there),
     * and not one small word of the other listed languages: a foreign sentence keeps its own small words, however many
     * English ones are sprinkled in. Otherwise nothing is decided and Lingua judges. This is a quality check against
     * a model that drifts into the article's language, not a wall against a backend that writes to deceive it.
     */
    static boolean plainlyEnglish(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x300 && hidesLetters(c)) {
                return false;
            }
        }
        Count count = count(text);
        return count.words() >= MIN_WORDS
                && count.nonAsciiLetters() * 20 <= count.letters()
                && count.hits("en") >= 2 && count.hits("en") * 5 >= count.words()
                && count.foreignTo("en") == 0 && count.shared() == 0;
    }

    private static boolean hidesLetters(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.FORMAT
                || type == Character.PRIVATE_USE || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    /**
     * The language of an article when its small words leave no doubt: at least one word in eight from one language's
     * list, at least twenty of them, and at most one other language's hit per fifteen of them. Only the languages
     * configured are considered; anything less clear is left to Lingua.
     */
    static Optional<String> plainLanguage(String text, Set<String> configured) {
        Count count = count(text);
        if (count.words() < 40) {
            return Optional.empty();
        }
        String best = null;
        int bestHits = 0;
        for (String language : LANGUAGES) {
            int hits = count.hits(language);
            if (configured.contains(language) && hits > bestHits) {
                best = language;
                bestHits = hits;
            }
        }
        if (best == null || bestHits < 20 || bestHits * 8 < count.words() || count.foreignTo(best) * 15 > bestHits) {
            return Optional.empty();
        }
        return Optional.of(best.toLowerCase(Locale.ROOT));
    }
}
