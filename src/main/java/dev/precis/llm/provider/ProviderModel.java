package dev.precis.llm.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * What differs from one provider to the next, and nothing else: how its LangChain4j chat model is built (always on
 * our HTTP client, with LangChain4j's own retries off), what a call may add to the common request parameters, and
 * where the provider reports cached input tokens. One small class per provider implements it.
 */
interface ProviderModel {

    /** The chat model for these settings, taking its HTTP client from {@code http}. */
    ChatModel build(BackendSettings settings, HttpClientBuilder http);

    /** The parameters of one call: the common ones, with what this provider adds (Ollama's context window). */
    default ChatRequestParameters parameters(DefaultChatRequestParameters.Builder<?> common, int promptBytes,
            int maxOutputTokens, BackendSettings settings) {
        return common.build();
    }

    /** Input tokens the provider served from its prompt cache; null when it does not say. */
    default Integer cachedInputTokens(ChatResponse response, String rawBody) {
        return null;
    }

    /** Input tokens in all, cached ones included (some providers count them apart). */
    default Integer inputTokens(ChatResponse response) {
        return response.tokenUsage() == null ? null : response.tokenUsage().inputTokenCount();
    }
}
