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
        String json = jsonPart(answer);
        if (json == null) {
            return Parsed.failed("the answer contains no JSON object");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return Parsed.failed("the answer is not valid JSON (it may be cut short)");
        }
        if (!tree.isObject()) {
            return Parsed.failed("the answer must be one JSON object");
        }
        // Syntax and shape are told apart so the model hears which one to fix.
        try {
            return Parsed.ok(mapper.treeToValue(tree, Extraction.class));
        } catch (JsonProcessingException e) {
            String path = e instanceof JsonMappingException mapping ? JsonPath.of(mapping.getPath()) : "$";
            return Parsed.failed("the value at " + path + " does not have the expected type");
        }
    }

    private static String jsonPart(String answer) {
        Matcher fenced = FENCED.matcher(answer);
        if (fenced.find()) {
            return fenced.group(1);
        }
        int open = answer.indexOf('{');
        int close = answer.lastIndexOf('}');
        if (open < 0) {
            return null;
        }
        // A truncated answer has no closing brace: hand the rest to the parser so it reports invalid JSON.
        return close > open ? answer.substring(open, close + 1) : answer.substring(open);
    }
}
