package dev.precis.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.ChatModel;
import dev.precis.llm.Gateways;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Backend settings are checked at start-up, each problem in one sentence naming the variable, its value and an example. */
class BackendConfigTest {

    @Test
    void theDefaultIsALocalOllamaOnItsNativeApi() {
        List<BackendSettings> backends = backends(Map.of());
        assertThat(backends).singleElement().satisfies(primary -> {
            assertThat(primary.provider()).isEqualTo(Provider.OLLAMA);
            assertThat(primary.baseUrl()).isEqualTo("http://localhost:11434");
            assertThat(primary.model()).isEqualTo("qwen2.5:7b");
            assertThat(primary.structuredOutput()).isEqualTo(StructuredOutput.JSON_SCHEMA);
        });
    }

    @Test
    void anUnknownProvider() {
        assertProblem(Map.of("precis.llm.provider", "bedrock"),
                "PRECIS_LLM_PROVIDER=bedrock is not a provider; use one of openai, anthropic, gemini, mistral, ollama");
    }

    @Test
    void aMissingKeyForAProviderThatNeedsOne() {
        for (String provider : List.of("anthropic", "gemini", "mistral")) {
            assertProblem(Map.of("precis.llm.provider", provider, "precis.llm.model", "m"),
                    "PRECIS_LLM_API_KEY is required for PRECIS_LLM_PROVIDER=" + provider);
        }
    }

    @Test
    void aMissingModelForAHostedProvider() {
        assertProblem(Map.of("precis.llm.provider", "openai"),
                "PRECIS_LLM_MODEL is required for PRECIS_LLM_PROVIDER=openai (for example gpt-4o-mini)");
    }

    @Test
    void malformedBaseUrls() {
        assertProblem(Map.of("precis.llm.base-url", "notaurl"),
                "PRECIS_LLM_BASE_URL=notaurl is not an http(s) URL with a host; for example http://localhost:11434");
        assertProblem(Map.of("precis.llm.base-url", "localhost:11434/v1"), "PRECIS_LLM_BASE_URL=localhost:11434/v1 is not");
        assertProblem(Map.of("precis.llm.base-url", "ftp://host/x"), "is not an http(s) URL");
        assertProblem(Map.of("precis.llm.base-url", "http://user:secret@host:11434"), "must not carry credentials");
        assertProblem(Map.of("precis.llm.base-url", "http://localhost:99999"), "has no valid port (1-65535)");
        assertProblem(Map.of("precis.llm.provider", "openai", "precis.llm.model", "m", "precis.llm.api-key-header",
                "a b"), "PRECIS_LLM_API_KEY_HEADER=a b is not an HTTP header name");
    }

    @Test
    void aPasswordInABadUrlIsNeverShownEvenWithSlashesInIt() {
        assertThat(Provider.withoutCredentials("http://user:pa/ss@host:11434")).isEqualTo("http://***@host:11434");
        assertThat(Provider.withoutCredentials("http://user:p@ss@host")).isEqualTo("http://***@host");
        assertThat(Provider.withoutCredentials("http://host:11434/v1")).isEqualTo("http://host:11434/v1");
        // a slash dropped by a typo does not unmask it
        assertThat(Provider.withoutCredentials("http:/u:SECRET@host/v1")).isEqualTo("http:/***@host/v1");
        assertThat(Provider.withoutCredentials("http:u:SECRET@host")).isEqualTo("http:***@host");
        assertThat(Provider.withoutCredentials("u:SECRET@host")).isEqualTo("u:***@host");
        assertThatThrownBy(() -> backends(Map.of("precis.llm.base-url", "http:/u:SECRET10@127.0.0.1/v1")))
                .satisfies(e -> assertThat(String.join(" ", ((BackendConfig.InvalidSettings) e).problems()))
                        .doesNotContain("SECRET10"));
        assertThatThrownBy(() -> backends(Map.of("precis.llm.base-url", "http://user:s3cr/et@host:11434")))
                .satisfies(e -> assertThat(String.join(" ", ((BackendConfig.InvalidSettings) e).problems()))
                        .doesNotContain("s3cr").doesNotContain("et@"));
    }

    @Test
    void ollamasOpenAiEndpointWithTheNativeProvider() {
        assertProblem(Map.of("precis.llm.base-url", "http://ollama:11434/v1"),
                "is Ollama's OpenAI-compatible endpoint; with PRECIS_LLM_PROVIDER=ollama (its native API) use the server's root");
    }

    @Test
    void structuredOutputModes() {
        assertProblem(Map.of("precis.llm.structured-output", "bogus"),
                "PRECIS_LLM_STRUCTURED_OUTPUT=bogus is not a mode; use json_schema, json_object or prompt");
        assertProblem(Map.of("precis.llm.provider", "anthropic", "precis.llm.model", "m", "precis.llm.api-key", "k",
                "precis.llm.structured-output", "json_object"),
                "PRECIS_LLM_STRUCTURED_OUTPUT=json_object is not supported by anthropic; use json_schema or prompt");
        assertThat(backends(Map.of("precis.llm.structured-output", "PROMPT")).get(0).structuredOutput())
                .isEqualTo(StructuredOutput.PROMPT);
    }

    @Test
    void theFallbackIsCheckedTooUnderItsOwnNames() {
        assertProblem(Map.of("precis.llm.fallback.provider", "claude"), "PRECIS_LLM_FALLBACK_PROVIDER=claude is not a provider");
        assertProblem(Map.of("precis.llm.fallback.provider", "gemini", "precis.llm.fallback.model", "g"),
                "PRECIS_LLM_FALLBACK_API_KEY is required for PRECIS_LLM_FALLBACK_PROVIDER=gemini");
        List<BackendSettings> two = backends(Map.of("precis.llm.fallback.provider", "anthropic",
                "precis.llm.fallback.model", "claude-sonnet-4-5", "precis.llm.fallback.api-key", "k"));
        assertThat(two).extracting(BackendSettings::name, BackendSettings::provider)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", Provider.OLLAMA),
                        org.assertj.core.groups.Tuple.tuple("fallback", Provider.ANTHROPIC));
        assertThat(two.get(1).baseUrl()).isEqualTo("https://api.anthropic.com/v1");
    }

    @Test
    void everyProblemIsSaidAtOnce() {
        assertThatThrownBy(() -> backends(Map.of("precis.llm.provider", "mistral", "precis.llm.model", "m",
                "precis.llm.base-url", "nope", "precis.llm.fallback.provider", "nope")))
                .hasMessageContaining("PRECIS_LLM_API_KEY").hasMessageContaining("PRECIS_LLM_BASE_URL=nope")
                .hasMessageContaining("PRECIS_LLM_FALLBACK_PROVIDER=nope");
    }

    @Test
    void aChatModelThatDoesNotTakeOurHttpClientStopsTheStart() {
        BackendSettings settings = backends(Map.of()).get(0);
        // A model built with some other client: it never asked for ours.
        assertThatThrownBy(() -> ChatBackend.of(settings, HttpClient.newHttpClient(), ignored -> new ChatModel() { }))
                .hasMessageContaining("did not use precis's HTTP client");
    }

    @Test
    void noOtherHttpClientIsThereToFallBackTo() {
        assertThatThrownBy(() -> Class.forName("dev.langchain4j.http.client.jdk.JdkHttpClientBuilder"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    private static List<BackendSettings> backends(Map<String, String> settings) {
        return BackendConfig.of(Gateways.config(settings).llm());
    }

    private static void assertProblem(Map<String, String> settings, String expected) {
        assertThatThrownBy(() -> backends(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(expected);
    }
}
