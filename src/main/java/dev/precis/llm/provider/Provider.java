package dev.precis.llm.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The LLM providers precis speaks to, each through its LangChain4j chat model: the value of
 * {@code PRECIS_LLM_PROVIDER}, the base URL used when none is set, whether a key is required, and which ways of
 * asking for structured output it accepts.
 */
public enum Provider {
    OPENAI("openai", "https://api.openai.com/v1", false, true, new OpenAiProvider()),
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1", true, false, new AnthropicProvider()),
    GEMINI("gemini", "https://generativelanguage.googleapis.com/v1beta", true, true, new GeminiProvider()),
    MISTRAL("mistral", "https://api.mistral.ai/v1", true, true, new MistralProvider()),
    OLLAMA("ollama", "http://localhost:11434", false, true, new OllamaProvider());

    private final String setting;
    private final String defaultBaseUrl;
    private final boolean keyRequired;
    private final boolean jsonObjectMode;
    private final ProviderModel model;

    Provider(String setting, String defaultBaseUrl, boolean keyRequired, boolean jsonObjectMode, ProviderModel model) {
        this.setting = setting;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyRequired = keyRequired;
        this.jsonObjectMode = jsonObjectMode;
        this.model = model;
    }

    /** The provider named by a setting's value ("openai", "anthropic", ...), if any. */
    public static Optional<Provider> named(String value) {
        for (Provider provider : values()) {
            if (provider.setting.equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /**
     * A URL as a message may show it: whatever stands between the scheme and the last "@" (a user and a password,
     * which may hold "/" or "@" themselves, with or without the "//" a typo can drop) masked. A path that holds an "@"
     * is masked too: too much hidden beats a password shown.
     */
    static String withoutCredentials(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int colon = url.indexOf(':');
        int start = colon < 0 || colon > at || !url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*") ? 0 : colon + 1;
        while (start < at && (url.charAt(start) == '/' || url.charAt(start) == '\\')) {
            start++;
        }
        return url.substring(0, start) + "***" + url.substring(at);
    }

    /** The setting's spelling of every provider, for messages. */
    public static String settings() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Provider::setting).toList());
    }

    public String setting() {
        return setting;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    ProviderModel model() {
        return model;
    }

    /** The chat model of a backend, on the given HTTP client builder. */
    public ChatModel chatModel(BackendSettings settings, HttpClientBuilder http) {
        return model.build(settings, http);
    }

    /**
     * What is wrong with these settings for this provider, one sentence per problem naming the environment variable,
     * the value and a valid example; empty when they are usable.
     *
     * @param variables the environment variable names of this backend's settings: PRECIS_LLM or PRECIS_LLM_FALLBACK
     */
    public List<String> validate(BackendSettings settings, String variables) {
        List<String> problems = new ArrayList<>();
        if (keyRequired && settings.apiKey().filter(key -> !key.isBlank()).isEmpty()) {
            problems.add(variables + "_API_KEY is required for " + variables + "_PROVIDER=" + setting
                    + " (the key of your " + setting + " account)");
        }
        String url = settings.baseUrl();
        URI uri = null;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            // reported below
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            problems.add(variables + "_BASE_URL=" + withoutCredentials(url) + " is not an http(s) URL with a host; "
                    + "for example " + defaultBaseUrl);
        } else if (uri.getPort() > 65_535) {
            problems.add(variables + "_BASE_URL=" + withoutCredentials(url) + " has no valid port (1-65535); "
                    + "for example " + defaultBaseUrl);
        } else if (uri.getUserInfo() != null) {
            problems.add(variables + "_BASE_URL must not carry credentials; put the key in " + variables + "_API_KEY");
        } else if (this == OLLAMA && uri.getPath() != null && uri.getPath().replaceAll("/+$", "").endsWith("/v1")) {
            problems.add(variables + "_BASE_URL=" + withoutCredentials(url) + " is Ollama's OpenAI-compatible endpoint; with "
                    + variables + "_PROVIDER=ollama (its native API) use the server's root, for example "
                    + "http://localhost:11434, or set " + variables + "_PROVIDER=openai to keep /v1");
        }
        if (settings.structuredOutput() == StructuredOutput.JSON_OBJECT && !jsonObjectMode) {
            problems.add(variables + "_STRUCTURED_OUTPUT=json_object is not supported by " + setting
                    + "; use json_schema or prompt");
        }
        if (settings.apiKeyHeader().isPresent() && !settings.apiKeyHeader().get().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            problems.add(variables + "_API_KEY_HEADER=" + settings.apiKeyHeader().get() + " is not an HTTP header "
                    + "name; for example api-key");
        }
        if (settings.apiKeyHeader().isPresent() && this != OPENAI) {
            problems.add(variables + "_API_KEY_HEADER is only for " + variables + "_PROVIDER=openai (Azure OpenAI's "
                    + "api-key header); " + setting + " sends its key its own way");
        }
        if (settings.numCtx().isPresent() && this != OLLAMA) {
            problems.add(variables + "_NUM_CTX is only for " + variables + "_PROVIDER=ollama");
        }
        return problems;
    }
}
