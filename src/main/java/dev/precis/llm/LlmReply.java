package dev.precis.llm;

/**
 * One answer of the backend: the message text as written (fences, prose, truncation and all), why generation
 * stopped ("length" when cut off at the output limit, whatever the provider calls it), the tokens the backend counted
 * (null when it sent no usage; input includes the cached ones, which are also counted apart, null when the provider
 * does not say), the model that answered and the name of the backend it came from ("primary", "fallback").
 */
public record LlmReply(String text, String finishReason, Integer inputTokens, Integer outputTokens,
        Integer cachedInputTokens, String model, String backend) {

    /** The model stopped because it reached the output token limit: the answer is cut off. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }
}
