package dev.precis.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.precis.digest.InvalidRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads request bodies strictly, unlike the lenient application-wide mapper (which must stay lenient to read
 * LLM backend responses): unknown fields, duplicate keys and trailing content are errors, named in the 400 answer.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class StrictJsonReader implements MessageBodyReader<DigestRequestBody> {

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == DigestRequestBody.class;
    }

    @Override
    public DigestRequestBody readFrom(Class<DigestRequestBody> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream body) throws IOException {
        // Syntax first (duplicate keys, trailing content, truncation), then shape (unknown fields, types).
        JsonNode tree = mapper.readTree(body);
        if (tree == null || tree.isMissingNode() || !tree.isObject()) {
            throw new InvalidRequestException("The body must be a JSON object with a 'text' field.");
        }
        return mapper.treeToValue(tree, DigestRequestBody.class);
    }
}
