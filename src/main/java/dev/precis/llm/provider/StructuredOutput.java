package dev.precis.llm.provider;

/** How a backend is asked for JSON of our schema. */
public enum StructuredOutput {
    /** The provider's native structured output, given the JSON Schema; the prompt does not repeat it. */
    JSON_SCHEMA,
    /** The provider's JSON mode (any JSON object); the schema goes in the system prompt. */
    JSON_OBJECT,
    /** Nothing but the prompt, for servers without structured outputs; the schema goes in the system prompt. */
    PROMPT;

    /** The setting's spelling: {@code json_schema}, {@code json_object}, {@code prompt}. */
    public String setting() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the system prompt must carry the schema itself. */
    public boolean schemaInPrompt() {
        return this != JSON_SCHEMA;
    }
}
