package dev.precis.llm.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.mistralai.MistralAiChatModel;

/** Mistral's own API: {@code POST {base}/chat/completions} with a bearer key, the schema as {@code response_format}. */
final class MistralProvider implements ProviderModel {

    @Override
    public ChatModel build(BackendSettings settings, HttpClientBuilder http) {
        return MistralAiChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().orElseThrow())
                .modelName(settings.model())
                .temperature(settings.temperature())
                .maxRetries(0)
                .build();
    }
}
