package dev.precis.validation;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.internal.TestDataLanguageModel;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lingua's {@code computeLanguageConfidenceValues} for a low-accuracy detector (trigrams only), run on the calling
 * thread. Lingua itself hands every detection to the common fork-join pool and waits for it, even when there is one
 * task: on two cores that is a thread hand-off or two per detection, and a wait that an interrupted request must
 * break. This is the same computation, step for step, through the detector's own internal steps (public in the
 * bytecode, marked {@code $lingua}); {@code LinguaHereTest} holds it equal to Lingua's result on a set of texts, so
 * an upgrade that changes Lingua's steps fails the build instead of changing verdicts.
 */
final class LinguaHere {

    private static final Pattern NO_LETTER = Pattern.compile("^[^\\p{L}]+$");

    private LinguaHere() {
    }

    /** Each possible language's confidence relative to the likeliest (1.0), likeliest first; empty when none. */
    static Map<Language, Double> confidences(LanguageDetector detector, String text) {
        String cleaned = detector.cleanUpInputText$lingua(text);
        if (cleaned.isEmpty() || NO_LETTER.matcher(cleaned).matches()) {
            return Map.of();
        }
        List<String> words = detector.splitTextIntoWords$lingua(cleaned);
        Language byRules = detector.detectLanguageWithRules$lingua(words);
        if (byRules != Language.UNKNOWN) {
            return Map.of(byRules, 1.0);
        }
        Set<Language> filtered = detector.filterLanguagesByRules$lingua(words);
        if (filtered.size() == 1) {
            return Map.of(filtered.iterator().next(), 1.0);
        }
        if (cleaned.length() < 3) {
            return Map.of();
        }
        TestDataLanguageModel trigrams = TestDataLanguageModel.Companion.fromText(cleaned, 3);
        Map<Language, Float> probabilities = detector.computeLanguageProbabilities$lingua(trigrams, filtered);
        Map<Language, Float> summed = detector.sumUpProbabilities$lingua(List.of(probabilities), Map.of(), filtered);
        if (summed.isEmpty()) {
            return Map.of();
        }
        float highest = Float.NEGATIVE_INFINITY;
        for (float value : summed.values()) {
            highest = Math.max(highest, value);
        }
        Map<Language, Double> confidences = new LinkedHashMap<>();
        float top = highest;
        summed.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), (double) (top / entry.getValue())))
                .sorted(Comparator.<Map.Entry<Language, Double>>comparingDouble(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(entry -> confidences.put(entry.getKey(), entry.getValue()));
        return confidences;
    }

    /** Lingua's {@code detectLanguageOf} on top of {@link #confidences}: the likeliest, unless too close to call. */
    static Language detect(LanguageDetector detector, double minimumRelativeDistance, String text) {
        Map<Language, Double> confidences = confidences(detector, text);
        if (confidences.isEmpty()) {
            return Language.UNKNOWN;
        }
        var entries = confidences.entrySet().iterator();
        Map.Entry<Language, Double> first = entries.next();
        if (!entries.hasNext()) {
            return first.getKey();
        }
        double second = entries.next().getValue();
        if (first.getValue() == second || first.getValue() - second < minimumRelativeDistance) {
            return Language.UNKNOWN;
        }
        return first.getKey();
    }
}
