package dev.precis.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A scripted OpenAI-compatible backend on WireMock: tests say what the "model" answers and then read back the
 * chat requests the service sent.
 */
public final class LlmBackend {

    public static final String CHAT_PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    public LlmBackend(WireMockServer server) {
        this.server = server;
    }

    public WireMockServer server() {
        return server;
    }

    public void reset() {
        server.resetAll();
    }

    /** Every chat request answers with this message content. */
    public void answers(String content) {
        server.stubFor(post(urlPathEqualTo(CHAT_PATH)).willReturn(completion(content, "stop")));
    }

    /** The first request gets the first content, the second the second...; the last repeats. */
    public void answersInTurn(String... contents) {
        respondsInTurn(java.util.Arrays.stream(contents).map(content -> completion(content, "stop"))
                .toArray(ResponseDefinitionBuilder[]::new));
    }

    /** The first request gets the first response, the second the second...; the last repeats. */
    public void respondsInTurn(ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "call-" + i;
            String next = i + 1 < responses.length ? "call-" + (i + 1) : state;
            server.stubFor(post(urlPathEqualTo(CHAT_PATH))
                    .inScenario("answers")
                    .whenScenarioStateIs(state)
                    .willReturn(responses[i])
                    .willSetStateTo(next));
        }
    }

    /** Every chat request gets this response. */
    public void responds(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(CHAT_PATH)).willReturn(response));
    }

    /** Chat requests to another base path (a second backend on the same server) get this response. */
    public void respondsAt(String chatPath, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(chatPath)).willReturn(response));
    }

    /** Chat requests whose body contains {@code marker} get this content (higher priority than plain stubs). */
    public void answersWhenAsked(String marker, String content) {
        server.stubFor(post(urlPathEqualTo(CHAT_PATH)).atPriority(1)
                .withRequestBody(containing(marker))
                .willReturn(completion(content, "stop")));
    }

    /** Chat requests that reached {@code chatPath}. */
    public int requestsAt(String chatPath) {
        return server.findAll(postRequestedFor(urlPathEqualTo(chatPath))).size();
    }

    /** A 200 chat completion carrying {@code content}, with token usage. */
    public static ResponseDefinitionBuilder completion(String content, String finishReason) {
        return completion(content, finishReason, "test-model-2026");
    }

    /** The same, from a model of this name. */
    public static ResponseDefinitionBuilder completion(String content, String finishReason, String model) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(completionJson(content, finishReason, model));
    }

    /** The JSON body of a chat completion carrying {@code content}, for tests that alter it on the wire. */
    public static String completionJson(String content, String finishReason) {
        return completionJson(content, finishReason, "test-model-2026");
    }

    private static String completionJson(String content, String finishReason, String model) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-test");
        body.put("object", "chat.completion");
        body.put("created", 1_770_000_000);
        body.put("model", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", finishReason);
        body.putObject("usage").put("prompt_tokens", 700).put("completion_tokens", 300).put("total_tokens", 1000);
        return body.toString();
    }

    /** The chat requests received, in order, as parsed JSON. */
    public List<JsonNode> chatRequests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(CHAT_PATH))).stream().map(LlmBackend::parse).toList();
    }

    public List<LoggedRequest> rawChatRequests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(CHAT_PATH)));
    }

    /** Requests of any kind that reached the backend. */
    public int requestCount() {
        return server.getAllServeEvents().size();
    }

    private static JsonNode parse(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
