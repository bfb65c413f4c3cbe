package dev.precis.glossary;

import dev.precis.deadline.Checkpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The glossaries in force for one request, in order of precedence: the entries the request gives inline, then the
 * named glossary (the request's {@code glossary}, else its API key's default). An earlier glossary's entries are
 * found first; a later one's only in the words left; within one glossary the longer source term wins.
 */
public final class GlossarySet {

    public static final GlossarySet NONE = new GlossarySet(List.of());

    private final List<Glossary> layers;

    public GlossarySet(List<Glossary> layers) {
        this.layers = layers.stream().filter(g -> g.size() > 0).toList();
    }

    public boolean isEmpty() {
        return layers.isEmpty();
    }

    public List<Glossary> layers() {
        return layers;
    }

    /** The names in force, for logs: "(request)+newsroom". */
    public String describe() {
        return layers.isEmpty() ? "-" : String.join("+", layers.stream().map(Glossary::name).toList());
    }

    /** The entries the text mentions, where it mentions them; linear in the text, stopping at the checkpoint. */
    public GlossaryMatch match(String text, Checkpoint checkpoint) {
        if (layers.isEmpty()) {
            return GlossaryMatch.NONE;
        }
        return new GlossaryMatch(this, find(layers, new Terms.Keyed(text, Terms.of(text, checkpoint)), checkpoint));
    }

    /**
     * Layer by layer, in order of precedence: each layer's entries are found leftmost-longest in the words no earlier
     * layer took, so an inline "Mansouri" is not lost to a glossary's longer "El Mansouri" around it. The result is in
     * text order and never overlaps.
     */
    static List<GlossaryMatch.Occurrence> find(List<Glossary> layers, Terms.Keyed words, Checkpoint checkpoint) {
        boolean[] taken = new boolean[words.size()];
        List<GlossaryMatch.Occurrence> found = new ArrayList<>();
        for (Glossary layer : layers) {
            List<int[]> claimed = new ArrayList<>();
            for (int i = 0; i < words.size(); ) {
                if ((i & 1023) == 1023) {
                    checkpoint.check();
                }
                Glossary.Hit hit = taken[i] ? null : layer.longestAt(words, i);
                while (hit != null && anyTaken(taken, i, hit.to())) {
                    hit = layer.longestAt(words, i, hit.to() - 1);
                }
                if (hit == null) {
                    i++;
                    continue;
                }
                found.add(new GlossaryMatch.Occurrence(hit.entry(), hit.glossary(), words.get(i).start(),
                        words.get(hit.to() - 1).end()));
                claimed.add(new int[] {i, hit.to()});
                i = hit.to();
            }
            for (int[] span : claimed) {
                java.util.Arrays.fill(taken, span[0], span[1], true);
            }
        }
        found.sort(java.util.Comparator.comparingInt(GlossaryMatch.Occurrence::start));
        // Two words may come out of one character ("½" folds to "1⁄2"), and layers found apart may meet inside it:
        // keep occurrences that do not overlap, in text order.
        List<GlossaryMatch.Occurrence> apart = new ArrayList<>(found.size());
        for (GlossaryMatch.Occurrence occurrence : found) {
            if (apart.isEmpty() || occurrence.start() >= apart.get(apart.size() - 1).end()) {
                apart.add(occurrence);
            }
        }
        return apart;
    }

    private static boolean anyTaken(boolean[] taken, int from, int to) {
        for (int k = from; k < to; k++) {
            if (taken[k]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every entry of the layers naming the same thing as this one — except a spelling an earlier glossary gives
     * another meaning (an inline "ONP" overrides the named glossary's "ONP").
     */
    List<GlossaryEntry> sameAs(GlossaryEntry entry) {
        List<GlossaryEntry> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (GlossaryEntry same : layers.get(i).sameAs(entry)) {
                if (same.identity().equals(entry.identity()) && !overriddenBefore(i, same)) {
                    all.add(same);
                }
            }
        }
        return all;
    }

    private boolean overriddenBefore(int layer, GlossaryEntry entry) {
        for (int i = 0; i < layer; i++) {
            if (layers.get(i).hasSource(entry)) {
                return true;
            }
        }
        return false;
    }
}
