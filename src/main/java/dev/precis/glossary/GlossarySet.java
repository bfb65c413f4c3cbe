package dev.precis.glossary;

import dev.precis.deadline.Checkpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The glossaries in force for one request, in order of precedence: the entries the request gives inline, then the
 * named glossary (the request's {@code glossary}, else its API key's default). Where two entries match the same
 * words of an article the longer source term wins; for the same words, the earlier glossary.
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
        return new GlossaryMatch(this, find(layers, text, Terms.of(text, checkpoint), checkpoint));
    }

    /** Leftmost-longest: from each word, the longest source term of any layer (the earlier on a tie); no overlaps. */
    static List<GlossaryMatch.Occurrence> find(List<Glossary> layers, String text, List<Terms.Word> words,
            Checkpoint checkpoint) {
        List<GlossaryMatch.Occurrence> found = new ArrayList<>();
        for (int i = 0; i < words.size(); ) {
            if ((i & 4095) == 4095) {
                checkpoint.check();
            }
            Glossary.Hit best = null;
            for (Glossary layer : layers) {
                Glossary.Hit hit = layer.longestAt(words, i, text);
                if (hit != null && (best == null || hit.to() > best.to())) {
                    best = hit;
                }
            }
            if (best == null) {
                i++;
                continue;
            }
            found.add(new GlossaryMatch.Occurrence(best.entry(), best.glossary(), words.get(i).start(),
                    words.get(best.to() - 1).end()));
            i = best.to();
        }
        return found;
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
