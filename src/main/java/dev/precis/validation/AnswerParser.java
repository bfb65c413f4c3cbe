package dev.precis.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the model's text into an {@link Extraction}. Models wrap JSON in code fences or prose even when told
 * not to, so the parser looks for the JSON object inside; unknown fields are ignored, and a single string where a
 * list is expected is taken as a one-element list.
 */
public final class AnswerParser {

    /** How many "{" positions are tried as the start of the JSON before the answer counts as invalid. */
    private static final int MAX_START_CANDIDATES = 20;

    private static final Pattern FENCED = Pattern.compile("```(?:json|JSON)?\\s*(\\{.*})\\s*```", Pattern.DOTALL);

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    /** The outcome: an extraction, or why there is none (a sentence fit to quote to the model). */
    public record Parsed(Optional<Extraction> extraction, String problem) {

        static Parsed ok(Extraction extraction) {
            return new Parsed(Optional.of(extraction), null);
        }

        static Parsed failed(String problem) {
            return new Parsed(Optional.empty(), problem);
        }
    }

    public Parsed parse(String answer) {
        if (answer == null || answer.isBlank()) {
            return Parsed.failed("the answer is empty; send one JSON object");
        }
        Optional<JsonNode> json = jsonObjectIn(answer);
        if (json.isEmpty()) {
            return Parsed.failed(answer.indexOf('{') < 0
                    ? "the answer contains no JSON object"
                    : "the answer is not valid JSON (it may be cut short)");
        }
        // Syntax and shape are told apart so the model hears which one to fix.
        try {
            return Parsed.ok(mapper.treeToValue(json.get(), Extraction.class));
        } catch (JsonProcessingException e) {
            String path = e instanceof JsonMappingException mapping ? JsonPath.of(mapping.getPath()) : "$";
            return Parsed.failed("the value at " + path + " does not have the expected type");
        }
    }

    /**
     * The JSON object in the answer: inside a code fence if there is one, else starting at the first "{" that
     * begins a parseable object and ending at the last "}" (prose before it may hold braces of its own).
     */
    private Optional<JsonNode> jsonObjectIn(String answer) {
        Matcher fenced = FENCED.matcher(answer);
        String text = answer.contains("```") && fenced.find() ? fenced.group(1) : answer;
        int close = text.lastIndexOf('}');
        int tried = 0;
        for (int open = text.indexOf('{'); open >= 0 && open < close && tried < MAX_START_CANDIDATES;
                open = text.indexOf('{', open + 1), tried++) {
            Optional<JsonNode> object = readObject(text.substring(open, close + 1));
            if (object.isPresent()) {
                return object;
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> readObject(String candidate) {
        try {
            JsonNode node = mapper.readTree(candidate);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
