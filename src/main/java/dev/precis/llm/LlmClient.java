package dev.precis.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.precis.config.PrecisConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends one chat request to the configured OpenAI-compatible backend and returns its answer as a record.
 * The answer's shape is asked for as configured ({@code PRECIS_LLM_STRUCTURED_OUTPUT}); failures become an
 * {@link LlmCallException} that says what went wrong in terms a client can act on.
 */
@Startup // so a bad timeout stops the service at boot, not at the first request
@ApplicationScoped
public class LlmClient {

    private static final Logger LOG = Logger.getLogger(LlmClient.class);

    private final ChatModel chatModel;
    private final PrecisConfig.Llm config;

    LlmClient(ChatModel chatModel, PrecisConfig config) {
        this.chatModel = chatModel;
        this.config = config.llm();
        if (this.config.timeout().toSeconds() < 1) {
            // The client truncates the timeout to whole seconds, and 0 means no limit at all.
            throw new IllegalArgumentException("precis.llm.timeout must be at least 1s");
        }
    }

    /** Whether the prompt must carry the schema itself (the backend is not given it in response_format). */
    public boolean schemaGoesInPrompt() {
        return config.structuredOutput() != PrecisConfig.StructuredOutput.JSON_SCHEMA;
    }

    /** The configured limit of tokens per answer, before any raise for a cut-off answer. */
    public int maxOutputTokens() {
        return config.maxOutputTokens();
    }

    /**
     * @param schemaJson the JSON Schema of the expected answer, sent as response_format in json_schema mode
     * @param maxOutputTokens most tokens the model may write in this answer
     */
    public LlmReply complete(List<ChatMessage> messages, String schemaJson, int maxOutputTokens) {
        ChatRequest request = ChatRequest.builder()
                .messages(messages)
                .modelName(config.model())
                .temperature(config.temperature())
                .maxOutputTokens(maxOutputTokens)
                .responseFormat(responseFormat(schemaJson))
                .build();
        ChatResponse response;
        try {
            response = chatModel.chat(request);
        } catch (RuntimeException e) {
            LlmCallException failure = FailureClassifier.classify(e);
            LOG.warnf("LLM call failed: %s (%s: %s)", failure.getMessage(), e.getClass().getSimpleName(),
                    e.getMessage());
            throw failure;
        }
        return toReply(response);
    }

    private ResponseFormat responseFormat(String schemaJson) {
        return switch (config.structuredOutput()) {
            case JSON_SCHEMA -> ResponseFormat.builder()
                    .type(ResponseFormatType.JSON)
                    .jsonSchema(JsonSchema.builder().name("digest").rootElement(JsonRawSchema.from(schemaJson)).build())
                    .build();
            case JSON_OBJECT -> ResponseFormat.JSON;
            case PROMPT -> null;
        };
    }

    private LlmReply toReply(ChatResponse response) {
        TokenUsage usage = response.tokenUsage();
        String finishReason = response.finishReason() == null ? null : response.finishReason().name().toLowerCase();
        String model = response.modelName() != null ? response.modelName() : config.model();
        return new LlmReply(response.aiMessage() == null ? null : response.aiMessage().text(), finishReason,
                usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount(), model);
    }
}
