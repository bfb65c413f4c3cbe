package dev.precis.digest;

import dev.precis.llm.LlmReply;
import dev.precis.validation.Checked;
import dev.precis.validation.Extraction;
import dev.precis.model.Issue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The LLM calls made for one text (an article or a chunk): what they cost, and the best answer among them. */
final class Attempts {

    /** Usable first, then fewer issues a repair should have fixed, then fewer issues; a later answer wins ties. */
    private static final Comparator<Checked> QUALITY = Comparator
            .comparing(Checked::usable)
            .thenComparing(checked -> -checked.repairable().size())
            .thenComparing(checked -> -checked.issues().size());

    /** Every HTTP attempt, counted by the gateway as it makes them (failed ones too). */
    final AtomicInteger calls = new AtomicInteger();
    /** Rounds in which the model was asked to repair its answer. */
    int repairs;
    private Integer inputTokens;
    private Integer outputTokens;
    private Integer cachedInputTokens;
    private String model;
    private boolean fromFallback;
    private Checked best;
    private final List<Issue> notes = new ArrayList<>();

    void recordReply(LlmReply reply) {
        inputTokens = add(inputTokens, reply.inputTokens());
        outputTokens = add(outputTokens, reply.outputTokens());
        cachedInputTokens = add(cachedInputTokens, reply.cachedInputTokens());
        model = reply.model();
        fromFallback |= !"primary".equals(reply.backend());
    }

    void recordAnswer(Checked checked) {
        if (best == null || QUALITY.compare(checked, best) >= 0) {
            best = checked;
        }
    }

    /** Something the client should know about how the answer was obtained. */
    void note(Issue issue) {
        notes.add(issue);
    }

    Optional<Checked> bestUsable() {
        return Optional.ofNullable(best).filter(Checked::usable);
    }

    Optional<Checked> best() {
        return Optional.ofNullable(best);
    }

    /** The best usable answer with what it cost. */
    ModelAnswer answer() {
        Checked usable = bestUsable().orElseThrow();
        return new ModelAnswer(usable.extraction(), List.copyOf(notes), calls.get(), repairs, inputTokens, outputTokens,
                cachedInputTokens, model, fromFallback, usable);
    }

    /** Another extraction (merged from parts) with what all calls recorded here cost; it is yet to be validated. */
    ModelAnswer answerWith(Extraction extraction) {
        return new ModelAnswer(extraction, List.copyOf(notes), calls.get(), repairs, inputTokens, outputTokens,
                cachedInputTokens, model, fromFallback, null);
    }

    /** Adds what another run (one chunk's) cost and noted. */
    void add(ModelAnswer other) {
        calls.addAndGet(other.llmCalls());
        repairs += other.repairCalls();
        inputTokens = add(inputTokens, other.inputTokens());
        outputTokens = add(outputTokens, other.outputTokens());
        cachedInputTokens = add(cachedInputTokens, other.cachedInputTokens());
        model = other.model();
        fromFallback |= other.fromFallback();
        notes.addAll(other.notes());
    }

    private static Integer add(Integer total, Integer more) {
        if (more == null) {
            return total;
        }
        return total == null ? more : total + more;
    }
}
