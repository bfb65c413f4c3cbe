package dev.precis.digest;

import dev.precis.llm.LlmReply;
import dev.precis.validation.Checked;
import dev.precis.validation.Issue;
import java.util.Comparator;
import java.util.Optional;

/** The LLM calls of one request: what they cost together, and the best answer among them. */
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

    /** Counts a call and what it cost, whether or not its answer is used. */
    void recordCall(LlmReply reply) {
        calls++;
        inputTokens = add(inputTokens, reply.inputTokens());
        outputTokens = add(outputTokens, reply.outputTokens());
        model = reply.model();
    }

    /** Counts a call that produced no answer (it failed or timed out). */
    void recordFailedCall() {
        calls++;
    }

    void recordAnswer(Checked checked) {
        if (best == null || QUALITY.compare(checked, best) >= 0) {
            best = checked;
        }
    }

    /** Replaces the best answer by itself with one more issue (why it stayed the best). */
    void annotateBest(Issue issue) {
        best = best.with(issue);
    }

    int calls() {
        return calls;
    }

    Optional<Checked> bestUsable() {
        return Optional.ofNullable(best).filter(Checked::usable);
    }

    Optional<Checked> best() {
        return Optional.ofNullable(best);
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
