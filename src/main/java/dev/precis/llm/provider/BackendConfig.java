package dev.precis.llm.provider;

import dev.precis.config.PrecisConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The backends the settings describe — the primary and, when any {@code PRECIS_LLM_FALLBACK_*} is set, the
 * fallback — checked at start-up: an unknown provider, a missing key or model, a malformed URL or a structured-output
 * mode the provider does not take stops the service with one line per problem, each naming the variable.
 */
public final class BackendConfig {

    /** The model used when none is set, for the provider whose default needs no account: a local Ollama. */
    static final String DEFAULT_OLLAMA_MODEL = "qwen2.5:7b";

    private BackendConfig() {
    }

    /** Settings that cannot make a backend, one sentence per problem. */
    public static final class InvalidSettings extends IllegalStateException {

        private final List<String> problems;

        InvalidSettings(List<String> problems) {
            super("Invalid LLM settings: " + String.join(" | ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** @throws IllegalStateException listing every problem found */
    public static List<BackendSettings> of(PrecisConfig.Llm llm) {
        List<String> problems = new ArrayList<>();
        List<BackendSettings> backends = new ArrayList<>();
        settings("primary", "PRECIS_LLM", llm.provider(), llm.baseUrl(), llm.apiKey(), llm.apiKeyHeader(), llm.model(),
                llm.structuredOutput(), llm.numCtx(), llm.temperature(), problems).ifPresent(backends::add);
        llm.fallback().filter(BackendConfig::configured).ifPresent(fallback -> settings("fallback", "PRECIS_LLM_FALLBACK",
                fallback.provider().orElse(Provider.OLLAMA.setting()),
                fallback.baseUrl(), fallback.apiKey(), fallback.apiKeyHeader(), fallback.model(),
                fallback.structuredOutput(), fallback.numCtx(), llm.temperature(), problems).ifPresent(backends::add));
        if (!problems.isEmpty()) {
            throw new InvalidSettings(problems);
        }
        return List.copyOf(backends);
    }

    private static Optional<BackendSettings> settings(String name, String variables, String providerName,
            Optional<String> baseUrl, Optional<String> apiKey, Optional<String> apiKeyHeader, Optional<String> model,
            Optional<String> structuredOutput, OptionalInt numCtx, double temperature, List<String> problems) {
        Optional<Provider> provider = Provider.named(providerName);
        if (provider.isEmpty()) {
            problems.add(variables + "_PROVIDER=" + providerName + " is not a provider; use one of " + Provider.settings()
                    + " (openai also for vLLM, llama.cpp, LM Studio, Groq, OpenRouter, Azure OpenAI)");
            return Optional.empty();
        }
        StructuredOutput mode = StructuredOutput.JSON_SCHEMA;
        if (structuredOutput.isPresent()) {
            Optional<StructuredOutput> named = structuredOutput(structuredOutput.get());
            if (named.isEmpty()) {
                problems.add(variables + "_STRUCTURED_OUTPUT=" + structuredOutput.get()
                        + " is not a mode; use json_schema, json_object or prompt");
                return Optional.empty();
            }
            mode = named.get();
        }
        Optional<String> modelName = model.filter(m -> !m.isBlank())
                .or(() -> provider.get() == Provider.OLLAMA ? Optional.of(DEFAULT_OLLAMA_MODEL) : Optional.empty());
        if (modelName.isEmpty()) {
            problems.add(variables + "_MODEL is required for " + variables + "_PROVIDER=" + provider.get().setting()
                    + " (for example " + exampleModel(provider.get()) + ")");
            return Optional.empty();
        }
        if (numCtx.isPresent() && numCtx.getAsInt() < 512) {
            problems.add(variables + "_NUM_CTX=" + numCtx.getAsInt() + " is too small; for example 16384");
        }
        BackendSettings settings = new BackendSettings(name, provider.get(),
                baseUrl.filter(url -> !url.isBlank()).map(BackendConfig::normalized).orElse(provider.get().defaultBaseUrl()),
                apiKey.map(String::strip).filter(key -> !key.isBlank()),
                apiKeyHeader.map(String::strip).filter(header -> !header.isBlank()), modelName.get().strip(),
                mode, temperature, numCtx);
        List<String> invalid = provider.get().validate(settings, variables);
        problems.addAll(invalid);
        return invalid.isEmpty() ? Optional.of(settings) : Optional.empty();
    }

    /** Dot segments resolved and the trailing slash dropped, as providers append their paths to it. */
    private static String normalized(String url) {
        String stripped = url.strip();
        try {
            String normal = new java.net.URI(stripped).normalize().toString();
            return normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal;
        } catch (java.net.URISyntaxException e) {
            return stripped; // reported by the provider's validation, with the value as given
        }
    }

    /** A fallback is configured by naming its provider, its URL or its model; a key alone configures nothing. */
    private static boolean configured(PrecisConfig.Fallback fallback) {
        return fallback.provider().isPresent() || fallback.baseUrl().isPresent() || fallback.model().isPresent();
    }

    private static Optional<StructuredOutput> structuredOutput(String value) {
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        for (StructuredOutput mode : StructuredOutput.values()) {
            if (mode.setting().equals(normalized)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    private static String exampleModel(Provider provider) {
        return switch (provider) {
            case OPENAI -> "gpt-4o-mini";
            case ANTHROPIC -> "claude-sonnet-4-5";
            case GEMINI -> "gemini-2.5-flash";
            case MISTRAL -> "mistral-small-latest";
            case OLLAMA -> DEFAULT_OLLAMA_MODEL;
        };
    }
}
