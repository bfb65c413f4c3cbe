package dev.precis.glossary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The glossary entries one article mentions, and where: what the prompt is given (those entries only, never the
 * whole glossary) and what the answer is held to.
 */
public final class GlossaryMatch {

    public static final GlossaryMatch NONE = new GlossaryMatch(GlossarySet.NONE, List.of());
    /**
     * Most things named in one prompt's glossary block: an article naming more of a glossary's entries has them all
     * held to after the model, but only the first this many (in the article's order) are spelled out to it.
     */
    public static final int MAX_PROMPT_LINES = 300;
    /** Most spellings of one thing spelled out on its line (the article's first ones). */
    static final int MAX_SPELLINGS = 5;

    /** An entry found in the article, at {@code [start, end)} of the text as submitted. */
    public record Occurrence(GlossaryEntry entry, String glossary, int start, int end) {
    }

    private final GlossarySet set;
    private final List<Occurrence> occurrences;

    GlossaryMatch(GlossarySet set, List<Occurrence> occurrences) {
        this.set = set;
        this.occurrences = List.copyOf(occurrences);
    }

    public boolean isEmpty() {
        return occurrences.isEmpty();
    }

    public List<Occurrence> occurrences() {
        return occurrences;
    }

    GlossarySet set() {
        return set;
    }

    /** The distinct entries found, in the order the article first mentions them. */
    public List<GlossaryEntry> entries() {
        Set<GlossaryEntry> entries = new LinkedHashSet<>();
        for (Occurrence occurrence : occurrences) {
            entries.add(occurrence.entry());
        }
        return List.copyOf(entries);
    }

    /** The prompt's glossary block for the whole article; empty when it mentions no entry. */
    public String promptBlock() {
        return promptBlock(0, Integer.MAX_VALUE);
    }

    /**
     * The glossary block for the part {@code [start, end)} of the article (one chunk of a long one): one line per
     * thing named, its source terms as the glossary spells them, then its target, kind and id.
     */
    public String promptBlock(int start, int end) {
        return block(start, end, MAX_PROMPT_LINES);
    }

    /**
     * What identifies the glossary a prompt carries, for the cache key: every thing named in the article with every
     * spelling found, uncapped — the blocks of all the chunks of a long article are made of these.
     */
    public String fingerprint() {
        return block(0, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private String block(int start, int end, int maxLines) {
        Map<String, Set<String>> sources = new LinkedHashMap<>();
        Map<String, GlossaryEntry> first = new LinkedHashMap<>();
        for (Occurrence occurrence : occurrences) {
            if (occurrence.start() < start || occurrence.end() > end) {
                continue;
            }
            String identity = occurrence.entry().identity();
            if (!sources.containsKey(identity) && sources.size() == maxLines) {
                continue;
            }
            Set<String> spellings = sources.computeIfAbsent(identity, k -> new LinkedHashSet<>());
            if (spellings.size() < MAX_SPELLINGS || maxLines == Integer.MAX_VALUE) {
                spellings.add(occurrence.entry().source());
            }
            first.putIfAbsent(identity, occurrence.entry());
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Set<String>> named : sources.entrySet()) {
            GlossaryEntry entry = first.get(named.getKey());
            lines.add(String.join(" | ", named.getValue()) + " => " + entry.target() + " (" + entry.kind().label()
                    + (entry.id() == null ? "" : ", id " + entry.id()) + ")");
        }
        return String.join("\n", lines);
    }
}
