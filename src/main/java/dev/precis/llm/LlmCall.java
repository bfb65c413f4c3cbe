package dev.precis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What one LLM call asks: the messages, the JSON Schema the answer must follow (sent as response_format in
 * json_schema mode) and the most tokens the answer may take.
 */
public record LlmCall(List<ChatTurn> messages, JsonNode schema, int maxOutputTokens) {
}
