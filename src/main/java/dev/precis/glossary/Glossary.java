package dev.precis.glossary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named set of entries, indexed by the words of their source terms: finding every entry an article mentions takes
 * one pass over the article's words, however many entries the glossary holds. Each entry is filed under the key its
 * words compare by — folded words; without accents when it ignores them; as written when it matches case — so at a
 * word of the article, a handful of hash lookups (one per word count up to the longest source term, per way of
 * comparing in use) find the longest entry starting there. Compact: one map entry per source term, words shared.
 */
public final class Glossary {

    /** The entries a request gives inline are a glossary of this name. */
    public static final String INLINE = "(request)";

    /** The ways entries compare: by folded words, folded without accents, as written, as written without accents. */
    static final int MODES = 4;

    private final String name;
    private final List<GlossaryEntry> entries;
    @SuppressWarnings("unchecked")
    private final Map<String, GlossaryEntry>[] byKey = new Map[MODES];
    @SuppressWarnings("unchecked")
    private final Set<String>[] firstWords = new Set[MODES];
    private final int[] maxWords = new int[MODES];
    private final Map<String, List<GlossaryEntry>> byIdentity = new HashMap<>();
    private final Set<String> sources = new HashSet<>();

    /** An entry found in a text: the words {@code [from, to)} of that text. */
    record Hit(GlossaryEntry entry, String glossary, int from, int to) {
    }

    public Glossary(String name, List<GlossaryEntry> entries) {
        this.name = name;
        this.entries = List.copyOf(entries);
        Map<String, String> words = new HashMap<>();
        for (GlossaryEntry entry : this.entries) {
            Terms.Keyed keyed = new Terms.Keyed(entry.source(), Terms.of(entry.source()));
            int mode = modeOf(entry);
            if (byKey[mode] == null) {
                byKey[mode] = new HashMap<>();
                firstWords[mode] = new HashSet<>();
            }
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < keyed.size(); i++) {
                key.append(keyed.word(i, mode)).append(' ');
            }
            byKey[mode].putIfAbsent(key.toString(), entry);
            String first = keyed.word(0, mode);
            firstWords[mode].add(words.computeIfAbsent(first, w -> w));
            maxWords[mode] = Math.max(maxWords[mode], keyed.size());
            byIdentity.computeIfAbsent(entry.identity(), k -> new ArrayList<>(2)).add(entry);
            sources.add(sourceKey(entry));
        }
    }

    static int modeOf(GlossaryEntry entry) {
        return (entry.matchCase() ? 2 : 0) + (entry.ignoreAccents() ? 1 : 0);
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
        return sources.contains(sourceKey(entry));
    }

    /** Every entry naming the same thing as this one (its other spellings). */
    List<GlossaryEntry> sameAs(GlossaryEntry entry) {
        return byIdentity.getOrDefault(entry.identity(), List.of());
    }

    /** The longest entry whose source term is the words of the text starting at {@code from}; null when none is. */
    Hit longestAt(Terms.Keyed words, int from) {
        return longestAt(words, from, Integer.MAX_VALUE);
    }

    /** The same, for source terms ending before word {@code limit} (exclusive); null when none does. */
    Hit longestAt(Terms.Keyed words, int from, int limit) {
        Hit best = null;
        for (int mode = 0; mode < MODES; mode++) {
            Map<String, GlossaryEntry> keys = byKey[mode];
            if (keys == null || !firstWords[mode].contains(words.word(from, mode))) {
                continue;
            }
            StringBuilder key = new StringBuilder();
            int end = Math.min(Math.min(words.size(), limit), from + maxWords[mode]);
            for (int i = from; i < end; i++) {
                key.append(words.word(i, mode)).append(' ');
                GlossaryEntry entry = keys.get(key.toString());
                if (entry != null && (best == null || i + 1 > best.to())) {
                    best = new Hit(entry, name, from, i + 1);
                }
            }
        }
        return best;
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
