package dev.precis.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.precis.config.PrecisConfig;
import dev.precis.digest.InvalidRequestException;
import dev.precis.grounding.Surrogates;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly, unlike the lenient application-wide mapper: unknown fields, duplicate keys,
 * trailing content and values of the wrong type (a number for {@code text}, a string for a boolean) are refused
 * with a 400 that names the field. Every Jackson failure becomes an {@link InvalidRequestException} here, so none
 * can surface as a 500 (Jackson's stream limits on nesting depth and number length included). A body sent in chunks
 * is cut at {@code PRECIS_MAX_BODY_BYTES}; a string with an unpaired surrogate ({@code "\ud800"}) is refused, as no
 * UTF-8 text can carry one.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class StrictJsonReader implements MessageBodyReader<DigestRequestBody> {

    /** A digest request is a flat object: anything nested deeper is an attack or a mistake. */
    private static final int MAX_NESTING_DEPTH = 16;

    static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Jackson turns numbers and booleans into strings unless told not to.
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private final long maxBodyBytes;
    private final CurrentVertxRequest request;

    StrictJsonReader(PrecisConfig config, CurrentVertxRequest request) {
        this.maxBodyBytes = config.maxBodyBytes();
        this.request = request;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == DigestRequestBody.class;
    }

    @Override
    public DigestRequestBody readFrom(Class<DigestRequestBody> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream body) throws IOException {
        // Bytes first (strict UTF-8: Jackson's own decoder lets overlong forms through), then syntax (duplicate keys,
        // trailing content, truncation), then shape (unknown fields, types).
        String text = StrictText.decode(Upload.read(request.getCurrent(), body, maxBodyBytes), null);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(problemWith(e));
        }
        if (tree == null || tree.isMissingNode() || !tree.isObject()) {
            throw new InvalidRequestException("The body must be a JSON object with a 'text' field.");
        }
        return bodyOf(tree);
    }

    /** A parsed JSON object as a digest request body: well-formed strings, known fields, right types — or 400. */
    static DigestRequestBody bodyOf(JsonNode tree) {
        requireWellFormedStrings(tree, "");
        try {
            return STRICT.treeToValue(tree, DigestRequestBody.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException("Unknown field '" + e.getPropertyName() + "'.");
        } catch (JsonMappingException e) {
            throw new InvalidRequestException("Field '" + fieldOf(e) + "' has the wrong type.");
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(problemWith(e));
        }
    }

    /** JSON escapes can spell half a surrogate pair ("\\ud800"), which is not a character and cannot be sent on. */
    static void requireWellFormedStrings(JsonNode node, String path) {
        if (node.isTextual()) {
            int at = Surrogates.firstUnpaired(node.textValue());
            if (at >= 0) {
                throw new InvalidRequestException("Field '" + path + "' has an unpaired UTF-16 surrogate at character "
                        + at + "; send valid Unicode text.");
            }
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (Surrogates.firstUnpaired(field.getKey()) >= 0) {
                throw new InvalidRequestException("A key in '" + (path.isEmpty() ? "the body" : path) + "' has an "
                        + "unpaired UTF-16 surrogate; send valid Unicode text.");
            }
            requireWellFormedStrings(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            requireWellFormedStrings(node.get(i), path + "[" + i + "]");
        }
    }

    static String problemWith(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            return "The JSON body has a duplicate key.";
        }
        if (message.contains("Invalid UTF-8")) {
            return "The body is not valid UTF-8.";
        }
        if (message.contains("String value length") || message.contains("Number value length")
                || message.contains("Name length")) {
            return "The JSON body has a value longer than any request may have.";
        }
        if (message.contains("nesting depth")) {
            return "The JSON body is nested too deeply.";
        }
        return "The body is not valid JSON.";
    }

    private static String fieldOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
