package dev.precis.digest;

import dev.precis.llm.LlmReply;
import dev.precis.validation.Checked;
import java.util.Comparator;
import java.util.Optional;

/** The answers of one request's LLM calls: what they cost together, and the best of them. */
final class Attempts {

    /** Usable first, then fewer issues a repair should have fixed, then fewer issues; a later answer wins ties. */
    private static final Comparator<Checked> QUALITY = Comparator
            .comparing(Checked::usable)
            .thenComparing(checked -> -checked.repairable().size())
            .thenComparing(checked -> -checked.issues().size());

    private int calls;
    private Integer inputTokens;
    private Integer outputTokens;
    private String model;
    private Checked best;

    void record(LlmReply reply, Checked checked) {
        calls++;
        inputTokens = add(inputTokens, reply.inputTokens());
        outputTokens = add(outputTokens, reply.outputTokens());
        model = reply.model();
        if (best == null || QUALITY.compare(checked, best) >= 0) {
            best = checked;
        }
    }

    int calls() {
        return calls;
    }

    Optional<Checked> bestUsable() {
        return Optional.ofNullable(best).filter(Checked::usable);
    }

    Checked best() {
        return best;
    }

    Digest.Usage usage(String promptVersion, long latencyMs) {
        return new Digest.Usage(model, promptVersion, calls, inputTokens, outputTokens, latencyMs);
    }

    private static Integer add(Integer total, Integer more) {
        if (more == null) {
            return total;
        }
        return total == null ? more : total + more;
    }
}
