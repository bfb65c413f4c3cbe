package dev.precis.glossary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of entries, indexed by the words of their source terms: finding every entry an article mentions takes
 * one pass over the article's words, however many entries the glossary holds (a word tree, walked from each word of
 * the article for at most {@link GlossaryEntry#MAX_TERM_WORDS} words).
 */
public final class Glossary {

    /** The entries a request gives inline are a glossary of this name. */
    public static final String INLINE = "(request)";

    private final String name;
    private final List<GlossaryEntry> entries;
    private final Node root = new Node();
    private final Map<String, List<GlossaryEntry>> byIdentity = new HashMap<>();
    private final Map<String, GlossaryEntry> bySource = new HashMap<>();

    /** One entry with its source term cut into words, as it is compared. */
    private record Compiled(GlossaryEntry entry, List<String> folded, List<String> caseForms) {
    }

    /** A node of the word tree: the entries whose source ends here, and the next words. */
    private static final class Node {
        Map<String, Node> next;
        List<Compiled> ending;
    }

    /** An entry found in a text: the words {@code [from, to)} of that text. */
    record Hit(GlossaryEntry entry, String glossary, int from, int to) {
    }

    public Glossary(String name, List<GlossaryEntry> entries) {
        this.name = name;
        this.entries = List.copyOf(entries);
        for (GlossaryEntry entry : this.entries) {
            List<Terms.Word> words = Terms.of(entry.source());
            Node node = root;
            for (Terms.Word word : words) {
                if (node.next == null) {
                    node.next = new HashMap<>(4);
                }
                node = node.next.computeIfAbsent(word.key(), k -> new Node());
            }
            if (node.ending == null) {
                node.ending = new ArrayList<>(1);
            }
            List<String> caseForms = entry.matchCase()
                    ? words.stream().map(w -> Terms.caseForm(entry.source().substring(w.start(), w.end()),
                            entry.ignoreAccents())).toList()
                    : null;
            node.ending.add(new Compiled(entry, words.stream().map(Terms.Word::folded).toList(), caseForms));
            byIdentity.computeIfAbsent(entry.identity(), k -> new ArrayList<>(2)).add(entry);
            StringBuilder key = new StringBuilder();
            words.forEach(word -> key.append(word.folded()).append(' '));
            bySource.putIfAbsent(key.toString(), entry);
        }
    }

    public String name() {
        return name;
    }

    public List<GlossaryEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** Whether this glossary has an entry for the same source term. */
    boolean hasSource(GlossaryEntry entry) {
        return bySource.containsKey(sourceKey(entry));
    }

    /** Every entry naming the same thing as this one (its other spellings). */
    List<GlossaryEntry> sameAs(GlossaryEntry entry) {
        return byIdentity.getOrDefault(entry.identity(), List.of());
    }

    /**
     * The longest entry whose source term is the words of the text starting at {@code from}; null when none is.
     *
     * @param text the text the words were cut from (entries that match case compare its own spelling)
     */
    Hit longestAt(List<Terms.Word> words, int from, String text) {
        return longestAt(words, from, text, Integer.MAX_VALUE);
    }

    /** The same, for source terms ending before word {@code limit} (exclusive); null when none does. */
    Hit longestAt(List<Terms.Word> words, int from, String text, int limit) {
        Node node = root;
        Hit best = null;
        for (int i = from; i < words.size() && i < limit && i - from < GlossaryEntry.MAX_TERM_WORDS; i++) {
            if (node.next == null) {
                break;
            }
            node = node.next.get(words.get(i).key());
            if (node == null) {
                break;
            }
            if (node.ending != null) {
                for (Compiled compiled : node.ending) {
                    if (matches(compiled, words, from, text)) {
                        best = new Hit(compiled.entry(), name, from, i + 1);
                        break;
                    }
                }
            }
        }
        return best;
    }

    private static boolean matches(Compiled compiled, List<Terms.Word> words, int from, String text) {
        GlossaryEntry entry = compiled.entry();
        for (int k = 0; k < compiled.folded().size(); k++) {
            Terms.Word word = words.get(from + k);
            if (!entry.ignoreAccents() && !word.folded().equals(compiled.folded().get(k))) {
                return false;
            }
            if (entry.matchCase() && !Terms.caseForm(text.substring(word.start(), word.end()), entry.ignoreAccents())
                    .equals(compiled.caseForms().get(k))) {
                return false;
            }
        }
        return true;
    }

    /** Entries with one source term kept once: the first of a source term wins within one glossary. */
    static List<GlossaryEntry> distinctSources(List<GlossaryEntry> entries) {
        Map<String, GlossaryEntry> bySource = new LinkedHashMap<>();
        for (GlossaryEntry entry : entries) {
            bySource.putIfAbsent(sourceKey(entry), entry);
        }
        return List.copyOf(bySource.values());
    }

    /** Two entries whose sources compare equal (as the looser of their match settings would compare them). */
    static String sourceKey(GlossaryEntry entry) {
        StringBuilder key = new StringBuilder();
        for (Terms.Word word : Terms.of(entry.source())) {
            key.append(word.folded()).append(' ');
        }
        return key.toString();
    }
}
