package dev.precis.llm.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import java.util.Map;

/**
 * OpenAI and every OpenAI-compatible server (vLLM, llama.cpp, LM Studio, Groq, OpenRouter, Ollama's /v1, Azure OpenAI's
 * /openai/v1): {@code POST {base}/chat/completions}, the key as a bearer token or in the header Azure wants, the
 * schema as a strict {@code response_format: json_schema}.
 */
final class OpenAiProvider implements ProviderModel {

    @Override
    public ChatModel build(BackendSettings settings, HttpClientBuilder http) {
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(settings.baseUrl())
                .modelName(settings.model())
                .temperature(settings.temperature())
                .strictJsonSchema(true)
                .maxRetries(0);
        settings.apiKey().ifPresent(key -> {
            String header = settings.apiKeyHeader().orElse("Authorization");
            if (header.equalsIgnoreCase("Authorization")) {
                builder.apiKey(key);
            } else {
                builder.customHeaders(Map.of(header, key));
            }
        });
        return builder.build();
    }

    @Override
    public Integer cachedInputTokens(ChatResponse response, String rawBody) {
        return response.tokenUsage() instanceof OpenAiTokenUsage usage && usage.inputTokensDetails() != null
                ? usage.inputTokensDetails().cachedTokens()
                : null;
    }
}
