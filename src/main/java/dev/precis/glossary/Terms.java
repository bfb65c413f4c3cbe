package dev.precis.glossary;

import dev.precis.deadline.Checkpoint;
import dev.precis.grounding.FoldedText;
import dev.precis.grounding.Span;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A text as the words glossary terms are matched on. Words are folded as grounding folds quotes ({@link FoldedText}:
 * case, compatibility forms, typographic apostrophes, quotes, hyphens and spaces, invisible characters), then cut at
 * everything that is not a letter, digit or combining mark — so "Al-Khulaifi", "Al Khulaifi" and "AL‑KHULAIFI" are
 * the same two words, and "l'Élysée" holds the word "élysée". Each word keeps its accents ({@code folded}) and an
 * accent-free key ({@code key}) for entries that ignore accents; offsets are the original text's.
 */
final class Terms {

    /** One word: its accent-free key, its folded form with accents, and where it is in the original text. */
    record Word(String key, String folded, int start, int end) {
    }

    private static final int CHECK_EVERY = 4_096;

    /**
     * A text's words with their keys for each way of comparing ({@link Glossary#MODES}): folded, folded without
     * accents, as written, as written without accents — the last two computed once per word, when first asked.
     */
    static final class Keyed {

        private final String text;
        private final List<Word> words;
        private String[] caseForms;
        private String[] looseCaseForms;

        Keyed(String text, List<Word> words) {
            this.text = text;
            this.words = words;
        }

        int size() {
            return words.size();
        }

        String text() {
            return text;
        }

        Word get(int i) {
            return words.get(i);
        }

        String word(int i, int mode) {
            Word word = words.get(i);
            return switch (mode) {
                case 0 -> word.folded();
                case 1 -> word.key();
                case 2 -> {
                    if (caseForms == null) {
                        caseForms = new String[words.size()];
                    }
                    if (caseForms[i] == null) {
                        caseForms[i] = caseForm(text.substring(word.start(), word.end()), false);
                    }
                    yield caseForms[i];
                }
                default -> {
                    if (looseCaseForms == null) {
                        looseCaseForms = new String[words.size()];
                    }
                    if (looseCaseForms[i] == null) {
                        looseCaseForms[i] = caseForm(text.substring(word.start(), word.end()), true);
                    }
                    yield looseCaseForms[i];
                }
            };
        }
    }

    private Terms() {
    }

    /** The words of a text, in order; linear in its length, and stopping at the checkpoint. */
    static List<Word> of(String text, Checkpoint checkpoint) {
        FoldedText folded = FoldedText.of(text);
        String f = folded.folded();
        List<Word> words = new ArrayList<>();
        int i = 0;
        while (i < f.length()) {
            int c = f.codePointAt(i);
            if (!isWordChar(c)) {
                i += Character.charCount(c);
                continue;
            }
            int start = i;
            StringBuilder key = new StringBuilder();
            while (i < f.length()) {
                c = f.codePointAt(i);
                if (!isWordChar(c)) {
                    break;
                }
                if (!isMark(c)) {
                    key.appendCodePoint(c);
                }
                i += Character.charCount(c);
            }
            Span span = folded.originOf(start, i);
            words.add(new Word(key.toString(), f.substring(start, i), span.start(), span.end()));
            if ((words.size() & (CHECK_EVERY - 1)) == 0) {
                checkpoint.check();
            }
        }
        return words;
    }

    static List<Word> of(String text) {
        return of(text, Checkpoint.NONE);
    }

    static int wordsOf(String text) {
        return of(text).size();
    }

    /**
     * A word as written, for entries that match case: compatibility-decomposed, accents dropped when the entry
     * ignores them, anything but letters and digits dropped.
     */
    static String caseForm(String original, boolean ignoreAccents) {
        String nfkd = Normalizer.normalize(original, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(nfkd.length());
        nfkd.codePoints().filter(c -> Character.isLetterOrDigit(c) || !ignoreAccents && isMark(c))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) || isMark(c);
    }

    static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
