package dev.precis.digest;

import dev.precis.validation.Checked;
import dev.precis.validation.Extraction;
import dev.precis.model.Issue;
import java.util.List;

/**
 * What the LLM work for one article produced, before grounding: the best extraction (merged across chunks for a
 * long article), notes about how it was obtained, what it cost, whether any of it came from the fallback
 * backend, and — for a single-call answer — its validation against the asking request's text. This is what the cache keeps; grounding is redone for each request, so offsets always index that
 * request's own text.
 */
record ModelAnswer(Extraction extraction, List<Issue> notes, int llmCalls, int repairCalls, Integer inputTokens,
        Integer outputTokens, Integer cachedInputTokens, String model, boolean fromFallback, Checked checked) {

    /**
     * The answer without its validation: {@code checked} grounds the extraction in the text of the request that
     * asked, and is only reused for that request; the cache keeps the rest.
     */
    ModelAnswer forCache() {
        return new ModelAnswer(extraction, notes, llmCalls, repairCalls, inputTokens, outputTokens, cachedInputTokens, model,
                fromFallback, null);
    }

    /**
     * Whether the answer is worth keeping: one obtained while the backend was failing (a repair failed, a chunk is
     * missing, the fallback answered) should not outlive the outage in the cache.
     */
    boolean cacheable() {
        return notes.isEmpty() && !fromFallback;
    }
}
