package dev.precis.llm;

/**
 * One answer of the backend: the message text as written (fences, prose, truncation and all), why generation
 * stopped, the tokens the backend counted (null when it sent no usage) and the model that answered.
 */
public record LlmReply(String text, String finishReason, Integer inputTokens, Integer outputTokens, String model) {

    /** The model stopped because it reached the output token limit: the answer is cut off. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }
}
