package dev.precis.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.precis.llm.provider.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * One provider's wire format, played by WireMock: where its chat endpoint is, what a successful answer looks like
 * (text, finish reason, token counts, cached tokens where the provider reports them), how it says an answer was cut
 * off, and how to read back the requests precis sent. Written from each provider's documented API.
 */
public final class ProviderDouble {

    public static final String MODEL = "test-model";
    public static final String KEY = "sk-provider-3b9e61";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Provider provider;
    private final WireMockServer server;
    private final String prefix;

    /** @param prefix a path under which this double answers (two doubles can share one server) */
    public ProviderDouble(Provider provider, WireMockServer server, String prefix) {
        this.provider = provider;
        this.server = server;
        this.prefix = prefix;
    }

    public Provider provider() {
        return provider;
    }

    /** The base URL to configure: the provider's own layout under this server. */
    public String baseUrl() {
        String root = "http://localhost:" + server.port() + prefix;
        return switch (provider) {
            case OPENAI, MISTRAL, ANTHROPIC -> root + "/v1";
            case GEMINI -> root + "/v1beta";
            case OLLAMA -> root;
        };
    }

    /** Where the chat calls land. */
    public String chatPath() {
        return switch (provider) {
            case OPENAI, MISTRAL -> prefix + "/v1/chat/completions";
            case ANTHROPIC -> prefix + "/v1/messages";
            case GEMINI -> prefix + "/v1beta/models/" + MODEL + ":generateContent";
            case OLLAMA -> prefix + "/api/chat";
        };
    }

    /** Settings (as config properties) pointing the primary — or, with {@code fallback}, the fallback — here. */
    public Map<String, String> settings(boolean fallback) {
        String p = fallback ? "precis.llm.fallback." : "precis.llm.";
        return Map.of(p + "provider", provider.setting(), p + "base-url", baseUrl(), p + "model", MODEL,
                p + "api-key", KEY);
    }

    /** Forgets every stub and request of the server (of every double sharing it). */
    public void reset() {
        server.resetAll();
    }

    public void answers(String content) {
        responds(completion(content, false, 700, 300, 120));
    }

    public void responds(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(chatPath())).willReturn(response));
    }

    /** The first request gets the first response, and so on; the last repeats. */
    public void respondsInTurn(ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "call-" + i;
            String next = i + 1 < responses.length ? "call-" + (i + 1) : state;
            server.stubFor(post(urlPathEqualTo(chatPath())).inScenario(provider + prefix).whenScenarioStateIs(state)
                    .willReturn(responses[i]).willSetStateTo(next));
        }
    }

    /** A successful answer in this provider's format. */
    public ResponseDefinitionBuilder completion(String content, boolean cutOff, int input, int output, int cached) {
        ObjectNode body = JSON.createObjectNode();
        switch (provider) {
            case OPENAI, MISTRAL -> {
                body.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_770_000_000)
                        .put("model", MODEL + "-2026");
                ObjectNode choice = body.putArray("choices").addObject();
                choice.put("index", 0);
                choice.putObject("message").put("role", "assistant").put("content", content);
                choice.put("finish_reason", cutOff ? "length" : "stop");
                ObjectNode usage = body.putObject("usage").put("prompt_tokens", input).put("completion_tokens", output)
                        .put("total_tokens", input + output);
                if (provider == Provider.OPENAI) {
                    usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
                }
            }
            case ANTHROPIC -> {
                body.put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", MODEL + "-2026");
                body.putArray("content").addObject().put("type", "text").put("text", content);
                body.put("stop_reason", cutOff ? "max_tokens" : "end_turn");
                // Anthropic counts cached input apart from the rest.
                body.putObject("usage").put("input_tokens", input - cached).put("output_tokens", output)
                        .put("cache_read_input_tokens", cached).put("cache_creation_input_tokens", 0);
            }
            case GEMINI -> {
                ObjectNode candidate = body.putArray("candidates").addObject();
                candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", content);
                candidate.put("finishReason", cutOff ? "MAX_TOKENS" : "STOP");
                body.putObject("usageMetadata").put("promptTokenCount", input).put("candidatesTokenCount", output)
                        .put("totalTokenCount", input + output).put("cachedContentTokenCount", cached);
                body.put("modelVersion", MODEL + "-2026");
            }
            case OLLAMA -> {
                body.put("model", MODEL + "-2026").put("created_at", "2026-12-02T10:00:00Z");
                body.putObject("message").put("role", "assistant").put("content", content);
                body.put("done", true).put("done_reason", cutOff ? "length" : "stop");
                body.put("prompt_eval_count", input).put("eval_count", output);
            }
        }
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    /** Cached input tokens this provider reports in {@link #completion} (null when it reports none). */
    public Integer reportedCached(int cached) {
        return switch (provider) {
            case OPENAI, ANTHROPIC, GEMINI -> cached;
            case MISTRAL, OLLAMA -> null;
        };
    }

    /** The headers that carry the key, and the values precis must send, for this provider. */
    public Map<String, String> authHeaders() {
        return switch (provider) {
            case OPENAI, MISTRAL, OLLAMA -> Map.of("Authorization", "Bearer " + KEY);
            case ANTHROPIC -> Map.of("x-api-key", KEY, "anthropic-version", "2023-06-01");
            case GEMINI -> Map.of("x-goog-api-key", KEY);
        };
    }

    public List<LoggedRequest> requests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(chatPath())));
    }

    public JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system prompt as this provider's request carries it. */
    public String systemText(JsonNode body) {
        return switch (provider) {
            case OPENAI, OLLAMA -> body.path("messages").get(0).path("content").asText();
            case MISTRAL -> body.path("messages").get(0).path("content").get(0).path("text").asText();
            case ANTHROPIC -> body.path("system").get(0).path("text").asText();
            case GEMINI -> body.path("systemInstruction").path("parts").get(0).path("text").asText();
        };
    }

    /** The first user message's text. */
    public String userText(JsonNode body) {
        return switch (provider) {
            case OPENAI, OLLAMA -> body.path("messages").get(1).path("content").asText();
            case MISTRAL -> body.path("messages").get(1).path("content").get(0).path("text").asText();
            case ANTHROPIC -> {
                JsonNode content = body.path("messages").get(0).path("content");
                yield content.isTextual() ? content.asText() : content.get(0).path("text").asText();
            }
            case GEMINI -> body.path("contents").get(0).path("parts").get(0).path("text").asText();
        };
    }

    /** The JSON Schema as this provider's request carries it natively; missing when it carries none. */
    public JsonNode schema(JsonNode body) {
        return switch (provider) {
            case OPENAI, MISTRAL -> body.path("response_format").path("json_schema").path("schema");
            case ANTHROPIC -> body.path("output_config").path("format").path("schema");
            case GEMINI -> body.path("generationConfig").path("responseJsonSchema");
            case OLLAMA -> body.path("format");
        };
    }
}
