package dev.precis.llm;

import dev.precis.deadline.RequestCancelledException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precis.config.PrecisConfig.StructuredOutput;
import dev.precis.grounding.Surrogates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One OpenAI-compatible chat-completions endpoint (Ollama, vLLM, OpenAI, Mistral...). Each call has a hard time
 * limit covering connection, headers and the whole body, so a backend that hangs or drips bytes is cut off; a call
 * whose caller is interrupted (the client went away) is aborted on the wire, so no tokens are paid for nobody.
 */
public final class OpenAiCompatibleBackend {

    /** Bodies of failed calls are searched only this far, to recognise a context-length error. */
    private static final int ERROR_BODY_SAMPLE = 2_000;

    private final String name;
    private final URI endpoint;
    private final Optional<String> apiKey;
    private final String model;
    private final StructuredOutput structuredOutput;
    private final double temperature;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;

    public OpenAiCompatibleBackend(String name, String baseUrl, Optional<String> apiKey, String model,
            StructuredOutput structuredOutput, double temperature, HttpClient http, ObjectMapper json, Clock clock) {
        this.name = name;
        this.endpoint = URI.create(withTrailingSlash(baseUrl)).resolve("chat/completions").normalize();
        this.apiKey = apiKey.filter(key -> !key.isBlank());
        this.model = model;
        this.structuredOutput = structuredOutput;
        this.temperature = temperature;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public String model() {
        return model;
    }

    /**
     * @throws LlmCallException when no answer came, classified
     * @throws RequestCancelledException when the calling thread was interrupted; the HTTP exchange is aborted
     */
    public LlmReply call(LlmCall call, Duration timeout) {
        if (Thread.interrupted()) {
            // The client left before the call went out: do not start it.
            throw new RequestCancelledException();
        }
        HttpRequest request = request(call, timeout);
        long limit = BoundedResponse.limitFor(call.maxOutputTokens());
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, BoundedResponse.handler(limit));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw new RequestCancelledException();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw failure(LlmFailure.TIMEOUT, "no complete answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw transportFailure(e.getCause());
        }
        return reply(response);
    }

    private HttpRequest request(LlmCall call, Duration timeout) {
        ChatCompletionWire.Request body = new ChatCompletionWire.Request(model, call.messages(), temperature,
                call.maxOutputTokens(), responseFormat(call.schema()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(toJson(body)));
        // HTTP/2 where TLS can negotiate it (hosted APIs multiplex many calls on one connection); plain HTTP/1.1
        // otherwise, as in-cluster servers speak it and an h2c upgrade attempt only costs a round trip.
        builder.version("https".equals(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder.build();
    }

    private JsonNode responseFormat(JsonNode schema) {
        ObjectNode format = json.createObjectNode();
        switch (structuredOutput) {
            case JSON_SCHEMA -> {
                format.put("type", "json_schema");
                ObjectNode jsonSchema = format.putObject("json_schema");
                jsonSchema.put("name", "digest");
                jsonSchema.put("strict", true);
                jsonSchema.set("schema", schema);
            }
            case JSON_OBJECT -> format.put("type", "json_object");
            case PROMPT -> {
                return null;
            }
        }
        return format;
    }

    private LlmReply reply(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw statusFailure(response);
        }
        String body;
        try {
            body = BoundedResponse.utf8(response.body());
        } catch (CharacterCodingException e) {
            throw failure(LlmFailure.MALFORMED, "HTTP " + status + " body is not valid UTF-8", null);
        }
        ChatCompletionWire.Response completion;
        try {
            completion = json.readValue(body, ChatCompletionWire.Response.class);
        } catch (JsonProcessingException e) {
            throw failure(LlmFailure.MALFORMED, "HTTP " + status + " body is not a chat completion", e);
        }
        if (completion == null || completion.choices() == null || completion.choices().isEmpty()
                || completion.choices().get(0) == null || completion.choices().get(0).message() == null) {
            throw failure(LlmFailure.MALFORMED, "chat completion without choices", null);
        }
        ChatCompletionWire.Choice choice = completion.choices().get(0);
        if (choice.message().content() != null && Surrogates.firstUnpaired(choice.message().content()) >= 0) {
            throw failure(LlmFailure.MALFORMED, "answer holds an unpaired UTF-16 surrogate", null);
        }
        ChatCompletionWire.Usage usage = completion.usage();
        return new LlmReply(choice.message().content(), choice.finishReason(),
                usage == null ? null : usage.promptTokens(), usage == null ? null : usage.completionTokens(),
                completion.model() != null ? completion.model() : model, name);
    }

    private LlmCallException statusFailure(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        Duration retryAfter = response.headers().firstValue("Retry-After")
                .flatMap(value -> RetryAfter.parse(value, clock.instant())).orElse(null);
        LlmFailure failure;
        if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) {
            failure = LlmFailure.OVERLOADED;
        } else if (status == 408) {
            failure = LlmFailure.TIMEOUT;
        } else if (isContextLengthError(new String(response.body(), StandardCharsets.UTF_8))) {
            failure = LlmFailure.CONTEXT_TOO_LONG;
        } else {
            failure = LlmFailure.REJECTED;
        }
        return new LlmCallException(failure, status, retryAfter, name + " answered HTTP " + status, null);
    }

    /** OpenAI says "context_length_exceeded"; vLLM, Ollama and others say "maximum context length" or similar. */
    private static boolean isContextLengthError(String body) {
        String sample = body == null ? "" : body.substring(0, Math.min(body.length(), ERROR_BODY_SAMPLE))
                .toLowerCase(Locale.ROOT);
        return sample.contains("context_length_exceeded") || sample.contains("context length")
                || sample.contains("context window") || sample.contains("too many tokens");
    }

    private LlmCallException transportFailure(Throwable cause) {
        if (cause instanceof BoundedResponse.TooLarge tooLarge) {
            return failure(LlmFailure.MALFORMED, "answer larger than " + tooLarge.limit() + " bytes, refused", null);
        }
        if (cause instanceof HttpTimeoutException) {
            return failure(LlmFailure.TIMEOUT, "timed out: " + cause.getMessage(), cause);
        }
        if (cause instanceof IOException) {
            return failure(LlmFailure.UNREACHABLE, cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
        return failure(LlmFailure.MALFORMED, String.valueOf(cause), cause);
    }

    private LlmCallException failure(LlmFailure failure, String detail, Throwable cause) {
        return new LlmCallException(failure, null, null, name + ": " + detail, cause);
    }

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat request", e);
        }
    }

    private static String withTrailingSlash(String url) {
        String trimmed = url.strip();
        return trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }
}
