package dev.precis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The service's settings. Each key {@code precis.a-b} is also read from the environment variable
 * {@code PRECIS_A_B}; the README's configuration table lists them all.
 */
@ConfigMapping(prefix = "precis")
public interface PrecisConfig {

    /** The LLM backend. */
    Llm llm();

    /** Longest article accepted, in characters (UTF-16 code units); a longer one is answered 413. */
    @WithDefault("100000")
    @Min(1)
    int maxArticleChars();

    /** Extra LLM calls allowed to repair an invalid answer (0 disables repairs). */
    @WithDefault("2")
    @Min(0)
    int repairAttempts();

    /** A folder whose files override the packaged prompts of the same name (a mounted ConfigMap, say). */
    Optional<Path> promptsDir();

    /** Languages (ISO 639-1) the language detector chooses between; English is always added. */
    @WithDefault("fr,en,de,es,it,pt,nl,pl,ro,tr,ru,uk,ar,zh,ja")
    List<String> languages();

    /** Days a meeting date may lie from {@code publishedAt} before validation flags it. */
    @WithDefault("366")
    @Min(0)
    int dateWindowDays();

    interface Llm {

        /** OpenAI-compatible base URL, such as http://localhost:11434/v1 for a local Ollama. */
        @WithDefault("http://localhost:11434/v1")
        String baseUrl();

        /** Bearer key sent to the backend; never logged. */
        Optional<String> apiKey();

        /** Model name sent with every request. */
        @WithDefault("qwen2.5:7b")
        String model();

        /** Limit of one LLM call, connection and waiting for a pooled connection included; whole seconds. */
        @WithDefault("120s")
        Duration timeout();

        /** How the answer's shape is requested: json_schema, json_object or prompt. */
        @WithDefault("json_schema")
        StructuredOutput structuredOutput();

        /** Sampling temperature; 0 makes answers as repeatable as the backend allows. */
        @WithDefault("0")
        double temperature();

        /** Upper bound of tokens the model may write in one answer. */
        @WithDefault("4096")
        @Min(1)
        int maxOutputTokens();

        /** Connections kept to the backend; requests beyond it wait for one. */
        @WithDefault("512")
        @Min(1)
        int connectionPoolSize();
    }

    /** Ways to ask an OpenAI-compatible backend for JSON of our schema. */
    enum StructuredOutput {
        /** {@code response_format: json_schema} with the schema; the prompt does not repeat it. */
        JSON_SCHEMA,
        /** {@code response_format: json_object}; the schema goes in the prompt. */
        JSON_OBJECT,
        /** No response_format, for servers without structured outputs; the schema goes in the prompt. */
        PROMPT
    }
}
