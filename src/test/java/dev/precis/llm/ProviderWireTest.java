package dev.precis.llm;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.precis.deadline.Deadline;
import dev.precis.llm.provider.Provider;
import dev.precis.support.ProviderDouble;
import dev.precis.support.TestTexts;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each provider on the wire, against a double that speaks its documented API: the endpoint, the key's header, the
 * model, where the schema goes, the system prompt first and the article inside its data block, the caching marker
 * where one is used; and back: the text, the provider's own "cut off" signal, the token counts (cached ones included).
 */
class ProviderWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA = schema();
    private static final String SYSTEM = TestTexts.prompt("system.txt").strip();
    private static final String ARTICLE = "<article>\n" + TestTexts.article("visit-security-chiefs") + "\n</article>";
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void theRequestIsTheProvidersOwnWithTheSchemaWhereItTakesIt(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        llm.answers(TestTexts.answer("visit-security-chiefs"));

        call(Gateways.of(llm.settings(false)), 4096);

        LoggedRequest sent = llm.requests().get(0);
        llm.authHeaders().forEach((name, value) -> assertThat(sent.getHeader(name)).as(name).isEqualTo(value));
        JsonNode body = llm.body(sent);
        assertThat(provider == Provider.GEMINI ? sent.getUrl() : body.path("model").asText()).contains(ProviderDouble.MODEL);
        assertThat(llm.systemText(body)).isEqualTo(SYSTEM);
        assertThat(llm.userText(body)).isEqualTo(ARTICLE);
        assertThat(llm.schema(body).path("properties").has("meetings")).as("the schema, natively").isTrue();
        assertThat(sent.getBodyAsString()).doesNotContain("JSON Schema");
        switch (provider) {
            case OPENAI -> assertThat(body.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
            case ANTHROPIC -> assertThat(body.path("system").get(0).path("cache_control").path("type").asText())
                    .as("the fixed part marked for caching").isEqualTo("ephemeral");
            case OLLAMA -> assertThat(body.path("options").path("num_ctx").asInt()).as("a window for prompt and answer")
                    .isEqualTo(8_192);
            default -> { }
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void theAnswerComesBackWithItsTokensAndItsCutOffSignal(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        llm.respondsInTurn(llm.completion("{\"headline\": \"h\"}", false, 900, 250, 512),
                llm.completion("{\"headline\": \"cut", true, 900, 4096, 0));
        LlmGateway gateway = Gateways.of(llm.settings(false));

        LlmReply whole = call(gateway, 4096);
        assertThat(whole.text()).isEqualTo("{\"headline\": \"h\"}");
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.inputTokens()).as("input tokens, cached ones included").isEqualTo(900);
        assertThat(whole.outputTokens()).isEqualTo(250);
        assertThat(whole.cachedInputTokens()).isEqualTo(llm.reportedCached(512));
        assertThat(whole.model()).as("the model that answered").isEqualTo(ProviderDouble.MODEL + "-2026");

        LlmReply cut = call(gateway, 4096);
        assertThat(cut.truncated()).as("the provider's own cut-off signal").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void inPromptModeTheSchemaJoinsTheSystemPromptAndNothingNativeIsSent(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        llm.answers(TestTexts.answer("visit-security-chiefs"));
        Map<String, String> settings = new HashMap<>(llm.settings(false));
        settings.put("precis.llm.structured-output", "prompt");

        call(Gateways.of(settings), 4096);

        JsonNode body = llm.body(llm.requests().get(0));
        assertThat(llm.systemText(body)).startsWith(SYSTEM).endsWith(SCHEMA.toString()).contains("JSON Schema");
        assertThat(llm.schema(body).isMissingNode() || llm.schema(body).isNull()).as("no native schema").isTrue();
        assertThat(llm.userText(body)).isEqualTo(ARTICLE);
    }

    private static LlmReply call(LlmGateway gateway, int maxOutputTokens) {
        LlmCall call = new LlmCall(List.of(ChatTurn.system(SYSTEM), ChatTurn.user(ARTICLE)), "digest", SCHEMA,
                "Your answer must be valid JSON matching this JSON Schema:\n" + SCHEMA, maxOutputTokens);
        return gateway.complete(call, Deadline.after(Duration.ofSeconds(20)), new AtomicInteger());
    }

    private static JsonNode schema() {
        try {
            return JSON.readTree(TestTexts.prompt("extraction-schema.json"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
