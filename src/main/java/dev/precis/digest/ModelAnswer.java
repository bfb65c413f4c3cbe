package dev.precis.digest;

import dev.precis.validation.Extraction;
import dev.precis.validation.Issue;
import java.util.List;

/**
 * What the LLM work for one article produced, before grounding: the best extraction (merged across chunks for a
 * long article), notes about how it was obtained, and what it cost. This is what the cache keeps; grounding is
 * redone for each request, so offsets always index that request's own text.
 */
record ModelAnswer(Extraction extraction, List<Issue> notes, int llmCalls, Integer inputTokens, Integer outputTokens,
        String model) {
}
