package dev.precis.llm.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * Anthropic's Messages API: {@code POST {base}/messages} with {@code x-api-key} and {@code anthropic-version}, the
 * schema as native structured output ({@code output_config.format}), and the system prompt marked
 * {@code cache_control} so that the fixed part of every call is cached where the prompt is long enough for it.
 */
final class AnthropicProvider implements ProviderModel {

    @Override
    public ChatModel build(BackendSettings settings, HttpClientBuilder http) {
        return AnthropicChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().orElseThrow())
                .modelName(settings.model())
                .temperature(settings.temperature())
                .cacheSystemMessages(true)
                .maxRetries(0)
                .build();
    }

    /** Anthropic counts tokens read from and written to its cache apart from the others: all are input. */
    @Override
    public Integer inputTokens(ChatResponse response) {
        if (!(response.tokenUsage() instanceof AnthropicTokenUsage usage) || usage.inputTokenCount() == null) {
            return ProviderModel.super.inputTokens(response);
        }
        return usage.inputTokenCount() + zeroIfNull(usage.cacheReadInputTokens())
                + zeroIfNull(usage.cacheCreationInputTokens());
    }

    @Override
    public Integer cachedInputTokens(ChatResponse response, String rawBody) {
        return response.tokenUsage() instanceof AnthropicTokenUsage usage ? usage.cacheReadInputTokens() : null;
    }

    private static int zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }
}
