package dev.precis.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.precis.grounding.Surrogates;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the model's text into an {@link Extraction}. Models wrap JSON in code fences or prose even when told
 * not to, so the parser looks for the JSON object inside; unknown fields are ignored, and a single string where a
 * list is expected is taken as a one-element list.
 *
 * <p>The answer comes from a backend that may be hostile: parsing takes time linear in its length whatever it
 * holds. No regular expression is run over it; at most {@link #MAX_START_CANDIDATES} positions are tried as the
 * start of the object, each read by Jackson's streaming parser straight from the answer's characters.
 */
public final class AnswerParser {

    /** How many "{" positions are tried as the start of the JSON before the answer counts as invalid. */
    private static final int MAX_START_CANDIDATES = 20;
    /** Our schema nests five levels; an answer nested deeper than this is not one. */
    private static final int MAX_NESTING_DEPTH = 32;

    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
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
        String halfPair = halfSurrogatePair(json.get(), "$");
        if (halfPair != null) {
            return Parsed.failed("the value at " + halfPair + " holds half a UTF-16 surrogate pair (an escape such as "
                    + "\\ud800 with no partner); write the character itself");
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
     * The JSON object in the answer: the one opening a code fence if there is one, else the first "{" that begins a
     * parseable object (prose before it may hold braces of its own). Whatever follows the object is ignored.
     */
    private Optional<JsonNode> jsonObjectIn(String answer) {
        char[] chars = answer.toCharArray();
        int fenced = fencedObjectStart(answer);
        if (fenced >= 0) {
            Optional<JsonNode> object = readObjectAt(chars, fenced);
            if (object.isPresent()) {
                return object;
            }
        }
        int tried = 0;
        for (int open = answer.indexOf('{'); open >= 0 && tried < MAX_START_CANDIDATES;
                open = answer.indexOf('{', open + 1)) {
            if (open == fenced) {
                continue;
            }
            tried++;
            Optional<JsonNode> object = readObjectAt(chars, open);
            if (object.isPresent()) {
                return object;
            }
        }
        return Optional.empty();
    }

    /** The path of the first string (or field name) holding half a surrogate pair; null when there is none. */
    private static String halfSurrogatePair(JsonNode node, String path) {
        if (node.isTextual()) {
            return Surrogates.firstUnpaired(node.textValue()) >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = halfSurrogatePair(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String child = path + "." + field.getKey();
            if (Surrogates.firstUnpaired(field.getKey()) >= 0) {
                return child;
            }
            String found = halfSurrogatePair(field.getValue(), child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Where the object of the first code fence begins: "```", an optional language tag, whitespace, then "{". */
    private static int fencedObjectStart(String answer) {
        int fence = answer.indexOf("```");
        if (fence < 0) {
            return -1;
        }
        int i = fence + 3;
        while (i < answer.length() && Character.isLetter(answer.charAt(i))) {
            i++;
        }
        while (i < answer.length() && Character.isWhitespace(answer.charAt(i))) {
            i++;
        }
        return i < answer.length() && answer.charAt(i) == '{' ? i : -1;
    }

    /** One JSON value read from {@code start}; present when it is an object. */
    private Optional<JsonNode> readObjectAt(char[] chars, int start) {
        try (JsonParser parser = mapper.getFactory().createParser(chars, start, chars.length - start)) {
            JsonNode node = mapper.readTree(parser);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
