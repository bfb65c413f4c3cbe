package dev.precis.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import java.io.IOException;

/**
 * Google AI Gemini: {@code POST {base}/models/{model}:generateContent} with {@code x-goog-api-key}, the schema as
 * {@code responseJsonSchema}. Gemini caches long prompt prefixes by itself and says so in
 * {@code usageMetadata.cachedContentTokenCount}, which LangChain4j does not pass on: it is read from the body.
 */
final class GeminiProvider implements ProviderModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ChatModel build(BackendSettings settings, HttpClientBuilder http) {
        return GoogleAiGeminiChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().orElseThrow())
                .modelName(settings.model())
                .temperature(settings.temperature())
                .maxRetries(0)
                .build();
    }

    @Override
    public Integer cachedInputTokens(ChatResponse response, String rawBody) {
        if (rawBody == null) {
            return null;
        }
        try {
            JsonNode cached = JSON.readTree(rawBody).path("usageMetadata").path("cachedContentTokenCount");
            return cached.isInt() ? cached.intValue() : 0;
        } catch (IOException e) {
            return null;
        }
    }
}
