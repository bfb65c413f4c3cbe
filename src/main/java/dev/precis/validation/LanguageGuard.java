package dev.precis.validation;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Language identification with Lingua, limited to the languages configured (each one loaded costs memory and
 * time). Detects an article's language and tells whether a model-written text is English.
 */
public final class LanguageGuard {

    /** Enough of an article to identify its language; the rest only costs time. */
    private static final int DETECTION_SAMPLE_CHARS = 400;
    /** What the cheap decision by small words reads of an article: a few hundred words, in one linear pass. */
    private static final int PLAIN_SAMPLE_CHARS = 2_000;
    /** A translation's language shows in its first paragraphs; judging all of it only costs time. */
    private static final int JUDGEMENT_SAMPLE_CHARS = 1_000;
    /** Shorter texts (in words) are too short to judge and count as English. */
    private static final int MIN_WORDS_TO_JUDGE = 4;
    /**
     * Lingua rates every language relative to the likeliest one (1.0). A text is foreign when another language
     * leads and English scores below this share of it; close calls (mostly names, quotes) pass.
     */
    private static final double ENGLISH_MIN_RELATIVE_CONFIDENCE = 0.8;

    private final LanguageDetector detector;

    /** The configured languages' ISO 639-1 codes, lower case. */
    private final Set<String> isoCodes;
    /** Whether the small words may decide that a text is English (see {@link FunctionWords#decidesFor}). */
    private final boolean smallWordsDecide;

    private LanguageGuard(LanguageDetector detector, Set<Language> languages) {
        this.detector = detector;
        this.isoCodes = Set.copyOf(languages.stream()
                .map(language -> language.getIsoCode639_1().name().toLowerCase(Locale.ROOT)).toList());
        this.smallWordsDecide = FunctionWords.decidesFor(isoCodes);
    }

    /** A guard choosing between these ISO 639-1 codes; English is always among them. */
    public static LanguageGuard forLanguages(List<String> isoCodes) {
        IsoCode639_1[] codes = isoCodes.stream()
                .map(code -> IsoCode639_1.valueOf(code.strip().toUpperCase(Locale.ROOT)))
                .distinct()
                .toArray(IsoCode639_1[]::new);
        // Low-accuracy mode keeps trigram models only: ~50 MB and a quarter second to load for the Latin-script
        // languages, against ~320 MB and 1.5 s for all n-gram sizes. Texts judged here are sentences, where trigrams do.
        IsoCode639_1[] all = withEnglish(codes);
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromIsoCodes639_1(all).withLowAccuracyMode();
        Set<Language> languages = EnumSet.noneOf(Language.class);
        for (IsoCode639_1 code : all) {
            languages.add(Language.getByIsoCode639_1(code));
        }
        return new LanguageGuard(builder.build(), languages);
    }

    /** The ISO 639-1 code of the text's language, when it is one of the configured languages. */
    public Optional<String> detect(String text) {
        Optional<String> plain = FunctionWords.plainLanguage(
                text.length() > PLAIN_SAMPLE_CHARS ? text.substring(0, PLAIN_SAMPLE_CHARS) : text, isoCodes);
        if (plain.isPresent()) {
            return plain;
        }
        String sample = text.length() > DETECTION_SAMPLE_CHARS ? text.substring(0, DETECTION_SAMPLE_CHARS) : text;
        Language language = LinguaHere.detect(detector, 0.0, sample);
        if (language == Language.UNKNOWN) {
            return Optional.empty();
        }
        return Optional.of(language.getIsoCode639_1().name().toLowerCase(Locale.ROOT));
    }

    /**
     * False only when the text is long enough to judge and clearly in another language. Every configured language is
     * weighed, not only English and the article's: a model may answer in a third language (Spanish for a French
     * article), and a judge that knew only those two would call that English.
     */
    public boolean isEnglish(String text) {
        if (text == null) {
            return true;
        }
        if (mostlyAnotherScript(text)) {
            return false; // Chinese, Japanese, Russian…: no word spacing to count, and no doubt to weigh
        }
        if (wordCount(text) < MIN_WORDS_TO_JUDGE) {
            return true;
        }
        String sample = text.length() > JUDGEMENT_SAMPLE_CHARS ? text.substring(0, JUDGEMENT_SAMPLE_CHARS) : text;
        return (smallWordsDecide && FunctionWords.plainlyEnglish(sample)) || englishByLingua(sample);
    }

    /** Lingua's judgement alone, without the cheap decision first (the reference that decision is tested against). */
    boolean englishByLingua(String sample) {
        Map<Language, Double> confidences = LinguaHere.confidences(detector, sample);
        if (confidences.isEmpty()) {
            return true;
        }
        Language top = confidences.keySet().iterator().next();
        return top == Language.ENGLISH
                || confidences.getOrDefault(Language.ENGLISH, 0.0) >= ENGLISH_MIN_RELATIVE_CONFIDENCE;
    }

    /** Loads the language models now, so the first request does not pay for it. */
    public void warmUp() {
        detector.computeLanguageConfidenceValues("Le président a reçu son homologue. The minister met them.");
    }

    private static IsoCode639_1[] withEnglish(IsoCode639_1[] codes) {
        for (IsoCode639_1 code : codes) {
            if (code == IsoCode639_1.EN) {
                return codes;
            }
        }
        IsoCode639_1[] extended = java.util.Arrays.copyOf(codes, codes.length + 1);
        extended[codes.length] = IsoCode639_1.EN;
        return extended;
    }

    /** Fewer letters than this in another script are a name or a quoted word, not a text in that script. */
    private static final int MIN_OTHER_SCRIPT_LETTERS = 4;

    /** More than half of the letters (at least a few of them) in a script other than Latin. */
    static boolean mostlyAnotherScript(String text) {
        int letters = 0;
        int other = 0;
        int end = Math.min(text.length(), JUDGEMENT_SAMPLE_CHARS);
        for (int i = 0; i < end; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c)) {
                letters++;
                if (c >= 0x250 && Character.UnicodeScript.of(c) != Character.UnicodeScript.LATIN) {
                    other++;
                }
            }
        }
        return other >= MIN_OTHER_SCRIPT_LETTERS && other * 2 > letters;
    }

    /** Runs of letters, counted without a regular expression: this runs for every field of every answer. */
    private static int wordCount(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean letter = Character.isLetter(text.charAt(i));
            if (letter && !inWord) {
                words++;
            }
            inWord = letter;
        }
        return words;
    }
}
