package dev.precis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What one LLM call asks: the messages, the JSON Schema the answer must follow (with its name, and the instruction
 * that carries it in the system prompt for a backend that takes no schema) and the most tokens the answer may take.
 */
public record LlmCall(List<ChatTurn> messages, String schemaName, JsonNode schema, String schemaInstruction,
        int maxOutputTokens) {

    /** The same call with another output budget (an answer cut off is asked for again with twice the room). */
    public LlmCall withMaxOutputTokens(int tokens) {
        return new LlmCall(messages, schemaName, schema, schemaInstruction, tokens);
    }
}
