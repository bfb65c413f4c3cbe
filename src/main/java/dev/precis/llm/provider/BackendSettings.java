package dev.precis.llm.provider;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One backend as configured: which provider, where, with which key and model, and how the answer's shape is asked
 * for. Validated at start-up ({@link Provider#validate}); nothing here is ever logged but the name, provider, model
 * and host.
 *
 * @param name "primary" or "fallback"
 * @param apiKeyHeader for OpenAI-compatible servers: the header the key goes in, when not {@code Authorization: Bearer}
 *     (Azure OpenAI wants {@code api-key})
 * @param numCtx for Ollama: a fixed context window, instead of one sized from each request
 */
public record BackendSettings(String name, Provider provider, String baseUrl, Optional<String> apiKey,
        Optional<String> apiKeyHeader, String model, StructuredOutput structuredOutput, double temperature,
        OptionalInt numCtx) {
}
