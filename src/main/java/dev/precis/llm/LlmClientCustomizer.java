package dev.precis.llm;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.precis.config.PrecisConfig;
import io.quarkiverse.langchain4j.ModelBuilderCustomizer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Adjusts the OpenAI-compatible chat model as it is built: users write base URLs as providers document them
 * ("http://localhost:11434/v1") while the client needs a trailing slash, and the client's own retries are off so
 * that every HTTP request to the backend is one of ours, counted in {@code usage.llmCalls}.
 */
@ApplicationScoped
public class LlmClientCustomizer implements ModelBuilderCustomizer<OpenAiChatModel.OpenAiChatModelBuilder> {

    private final PrecisConfig config;

    LlmClientCustomizer(PrecisConfig config) {
        this.config = config;
    }

    @Override
    public void customize(OpenAiChatModel.OpenAiChatModelBuilder builder) {
        builder.baseUrl(withTrailingSlash(config.llm().baseUrl()));
        builder.maxRetries(0);
    }

    static String withTrailingSlash(String url) {
        String trimmed = url.strip();
        return trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }
}
