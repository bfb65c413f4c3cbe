package dev.precis.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precis.digest.DigestRequest;
import dev.precis.security.Client;
import java.time.LocalDate;

/** An item's request as it is stored: the fields of a digest request, as JSON. */
final class BatchItem {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchItem() {
    }

    static String encode(DigestRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("text", request.text());
        if (request.title() != null) {
            node.put("title", request.title());
        }
        if (request.publishedAt() != null) {
            node.put("publishedAt", request.publishedAt().toString());
        }
        if (request.sourceLanguage() != null) {
            node.put("sourceLanguage", request.sourceLanguage());
        }
        node.put("includeTranslation", request.includeTranslation());
        return node.toString();
    }

    static DigestRequest decode(String stored, Client client) {
        try {
            var node = JSON.readTree(stored);
            return new DigestRequest(node.get("text").textValue(),
                    node.hasNonNull("title") ? node.get("title").textValue() : null,
                    node.hasNonNull("publishedAt") ? LocalDate.parse(node.get("publishedAt").textValue()) : null,
                    node.hasNonNull("sourceLanguage") ? node.get("sourceLanguage").textValue() : null,
                    node.path("includeTranslation").asBoolean(false), client);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored batch item is not readable", e);
        }
    }
}
