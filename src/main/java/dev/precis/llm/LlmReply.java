package dev.precis.llm;

/**
 * One answer of the backend: the message text as written (fences, prose, truncation and all), why generation
 * stopped, the tokens the backend counted (null when it sent no usage), the model that answered and the name of the
 * backend it came from ("primary", "fallback").
 */
public record LlmReply(String text, String finishReason, Integer inputTokens, Integer outputTokens, String model,
        String backend) {

    /** The same reply, marked with the backend that gave it. */
    public LlmReply from(String backendName) {
        return new LlmReply(text, finishReason, inputTokens, outputTokens, model, backendName);
    }

    /** The model stopped because it reached the output token limit: the answer is cut off. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }
}
