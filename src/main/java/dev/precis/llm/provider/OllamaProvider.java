package dev.precis.llm.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import java.util.Map;

/**
 * Ollama's native API: {@code POST {base}/api/chat}, the schema as {@code format}, and the context window set per
 * request ({@code options.num_ctx}) from the size of what is sent — Ollama's own default window is small and cuts
 * long prompts silently. The window is rounded up to a power of two, at least {@link #MIN_NUM_CTX}: Ollama reloads a
 * model when the window changes, so requests share a few sizes rather than each its own.
 */
final class OllamaProvider implements ProviderModel {

    static final int MIN_NUM_CTX = 8_192;
    /** UTF-8 bytes per token, at the low end of what models' tokenizers give: a window sized so is never short. */
    private static final int BYTES_PER_TOKEN = 3;
    private static final int MARGIN_TOKENS = 256;

    @Override
    public ChatModel build(BackendSettings settings, HttpClientBuilder http) {
        OllamaChatModel.OllamaChatModelBuilder builder = OllamaChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(settings.baseUrl())
                .modelName(settings.model())
                .temperature(settings.temperature())
                .maxRetries(0);
        // An Ollama behind an authenticating proxy takes a bearer key.
        settings.apiKey().ifPresent(key -> builder.customHeaders(Map.of("Authorization", "Bearer " + key)));
        return builder.build();
    }

    @Override
    public ChatRequestParameters parameters(DefaultChatRequestParameters.Builder<?> common, int promptBytes,
            int maxOutputTokens, BackendSettings settings) {
        ChatRequestParameters base = common.build();
        return OllamaChatRequestParameters.builder().overrideWith(base)
                .numCtx(settings.numCtx().orElse(numCtx(promptBytes, maxOutputTokens)))
                .build();
    }

    /** The smallest power of two, at least {@link #MIN_NUM_CTX}, that holds the prompt and the answer asked for. */
    static int numCtx(int promptBytes, int maxOutputTokens) {
        long needed = (long) promptBytes / BYTES_PER_TOKEN + maxOutputTokens + MARGIN_TOKENS;
        int window = MIN_NUM_CTX;
        while (window < needed && window < (1 << 30)) {
            window <<= 1;
        }
        return window;
    }
}
