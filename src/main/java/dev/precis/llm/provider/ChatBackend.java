package dev.precis.llm.provider;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.precis.deadline.RequestCancelledException;
import dev.precis.grounding.Surrogates;
import dev.precis.llm.ChatTurn;
import dev.precis.llm.LlmCall;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LlmFailure;
import dev.precis.llm.LlmReply;
import dev.precis.llm.transport.Attempt;
import dev.precis.llm.transport.BackendStatusException;
import dev.precis.llm.transport.BoundedResponse;
import dev.precis.llm.transport.PrecisHttpClientBuilder;
import dev.precis.llm.transport.TransportFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One configured backend: a LangChain4j chat model of its provider, on our HTTP client. A call becomes a
 * {@link ChatRequest} (the same messages for every provider; the schema where the provider takes it, or in the system
 * prompt), runs within one attempt's time and size limits, and comes back as an {@link LlmReply} or an
 * {@link LlmCallException} classified the same way whatever the provider. Retries, backoff, breakers and fallback are
 * the gateway's, around this.
 */
public final class ChatBackend {

    /** Bodies of failed calls are searched only this far, to recognise a context-length error. */
    private static final int ERROR_BODY_SAMPLE = 2_000;

    private final BackendSettings settings;
    private final ChatModel model;

    private ChatBackend(BackendSettings settings, ChatModel model) {
        this.settings = settings;
        this.model = model;
    }

    /**
     * The backend for these (validated) settings.
     *
     * @throws IllegalStateException when the provider's chat model did not take our HTTP client: its calls would
     *     escape our deadline and cancellation
     */
    public static ChatBackend of(BackendSettings settings, HttpClient http) {
        return of(settings, http, client -> settings.provider().chatModel(settings, client));
    }

    static ChatBackend of(BackendSettings settings, HttpClient http,
            java.util.function.Function<PrecisHttpClientBuilder, ChatModel> build) {
        PrecisHttpClientBuilder client = new PrecisHttpClientBuilder(http);
        ChatModel model = build.apply(client);
        if (!client.used()) {
            throw new IllegalStateException("The " + settings.provider().setting() + " chat model did not use precis's "
                    + "HTTP client: its calls would escape the deadline and cancellation. Refusing to start.");
        }
        return new ChatBackend(settings, model);
    }

    public String name() {
        return settings.name();
    }

    public String model() {
        return settings.model();
    }

    public Provider provider() {
        return settings.provider();
    }

    public StructuredOutput structuredOutput() {
        return settings.structuredOutput();
    }

    /** The host the backend is reached at (no path, no credentials): for logs and the startup summary. */
    public String host() {
        URI uri = URI.create(settings.baseUrl());
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    /**
     * @throws LlmCallException when no answer came, classified
     * @throws RequestCancelledException when the calling thread was interrupted; the HTTP exchange is aborted
     */
    public LlmReply call(LlmCall call, Duration timeout) {
        ChatRequest request = request(call);
        Attempt attempt = new Attempt(timeout, BoundedResponse.limitFor(call.maxOutputTokens()));
        ChatResponse response;
        try {
            response = attempt.run(() -> model.chat(request));
        } catch (RuntimeException e) {
            throw classify(e);
        }
        return reply(response, attempt.lastBody());
    }

    private ChatRequest request(LlmCall call) {
        List<ChatMessage> messages = new ArrayList<>();
        int promptBytes = 0;
        for (ChatTurn turn : call.messages()) {
            String content = turn.content();
            if (turn.role().equals("system") && messages.isEmpty() && settings.structuredOutput().schemaInPrompt()) {
                // The schema joins the fixed part of the prompt, ahead of anything that changes from call to call.
                content = content + "\n\n" + call.schemaInstruction();
            }
            promptBytes += content.getBytes(StandardCharsets.UTF_8).length;
            messages.add(switch (turn.role()) {
                case "system" -> SystemMessage.from(content);
                case "assistant" -> AiMessage.from(content);
                default -> UserMessage.from(content);
            });
        }
        DefaultChatRequestParameters.Builder<?> parameters = DefaultChatRequestParameters.builder()
                .modelName(settings.model())
                .temperature(settings.temperature())
                .maxOutputTokens(call.maxOutputTokens());
        switch (settings.structuredOutput()) {
            case JSON_SCHEMA -> parameters.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
                    .jsonSchema(JsonSchema.builder().name(call.schemaName())
                            .rootElement(JsonRawSchema.from(call.schema().toString())).build())
                    .build());
            case JSON_OBJECT -> parameters.responseFormat(ResponseFormat.JSON);
            case PROMPT -> { }
        }
        return ChatRequest.builder().messages(messages)
                .parameters(settings.provider().model().parameters(parameters, promptBytes, call.maxOutputTokens(),
                        settings))
                .build();
    }

    private LlmReply reply(ChatResponse response, String rawBody) {
        AiMessage message = response.aiMessage();
        String text = message == null ? null : message.text();
        if (text != null && Surrogates.firstUnpaired(text) >= 0) {
            throw failure(LlmFailure.MALFORMED, "answer holds an unpaired UTF-16 surrogate");
        }
        ProviderModel provider = settings.provider().model();
        Integer output = response.tokenUsage() == null ? null : response.tokenUsage().outputTokenCount();
        return new LlmReply(text, response.finishReason() == FinishReason.LENGTH ? "length" : finishReason(response),
                count(provider.inputTokens(response)), count(output), count(provider.cachedInputTokens(response, rawBody)),
                modelName(response.modelName()), name());
    }

    /** A count as a backend reported it; a negative one is none (it would otherwise refund a client's quota). */
    private static Integer count(Integer tokens) {
        return tokens == null || tokens < 0 ? null : tokens;
    }

    /**
     * The model the backend says answered, when it looks like a model's name; else the one we asked for. It goes to
     * clients as {@code usage.model}: no markup, no half characters, nothing long.
     */
    private String modelName(String reported) {
        return reported != null && reported.matches("[\\w.:/@+-]{1,100}") ? reported : settings.model();
    }

    private static String finishReason(ChatResponse response) {
        return response.finishReason() == null ? null : response.finishReason().name().toLowerCase(Locale.ROOT);
    }

    /** What a failed call means, found in whatever LangChain4j wrapped our transport's exception in. */
    private RuntimeException classify(RuntimeException thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransportFailure transport) {
                return switch (transport.kind()) {
                    case CANCELLED -> new RequestCancelledException();
                    case TIMEOUT -> failure(LlmFailure.TIMEOUT, transport.getMessage());
                    case UNREACHABLE -> failure(LlmFailure.UNREACHABLE, transport.getMessage());
                    case MALFORMED -> failure(LlmFailure.MALFORMED, transport.getMessage());
                };
            }
            if (cause instanceof BackendStatusException status) {
                return statusFailure(status);
            }
        }
        // Not from the wire: the provider's model could not make sense of a 2xx body (no choices, no candidates,
        // not its JSON). That is the backend's answer, not one we can use.
        return failure(LlmFailure.MALFORMED, "the " + settings.provider().setting() + " answer could not be read ("
                + thrown.getClass().getSimpleName() + ")");
    }

    private LlmCallException statusFailure(BackendStatusException e) {
        int status = e.statusCode();
        LlmFailure failure;
        if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504 || status == 529) {
            failure = LlmFailure.OVERLOADED;
        } else if (status == 408) {
            failure = LlmFailure.TIMEOUT;
        } else if (isContextLengthError(e.bodySample())) {
            failure = LlmFailure.CONTEXT_TOO_LONG;
        } else {
            failure = LlmFailure.REJECTED;
        }
        return new LlmCallException(failure, status, e.retryAfter().orElse(null), name() + " answered HTTP " + status,
                null);
    }

    /** OpenAI says "context_length_exceeded"; vLLM, Ollama, Anthropic and others say "context length" or similar. */
    private static boolean isContextLengthError(String body) {
        String sample = body == null ? "" : body.substring(0, Math.min(body.length(), ERROR_BODY_SAMPLE))
                .toLowerCase(Locale.ROOT);
        return sample.contains("context_length_exceeded") || sample.contains("context length")
                || sample.contains("context window") || sample.contains("too many tokens")
                || sample.contains("prompt is too long");
    }

    private LlmCallException failure(LlmFailure failure, String detail) {
        return new LlmCallException(failure, null, null, name() + " (" + host() + "): " + detail, null);
    }
}
