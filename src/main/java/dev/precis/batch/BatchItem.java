package dev.precis.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.precis.digest.DigestRequest;
import dev.precis.glossary.GlossaryEntry;
import dev.precis.security.Client;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

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
        if (request.glossary() != null) {
            node.put("glossary", request.glossary());
        }
        if (!request.glossaryEntries().isEmpty()) {
            ArrayNode entries = node.putArray("glossaryEntries");
            for (GlossaryEntry entry : request.glossaryEntries()) {
                ObjectNode e = entries.addObject();
                e.put("source", entry.source());
                e.put("target", entry.target());
                e.put("kind", entry.kind().label());
                if (entry.id() != null) {
                    e.put("id", entry.id());
                }
                String match = (entry.ignoreAccents() ? "ignore-accents " : "") + (entry.matchCase() ? "match-case" : "");
                if (!match.isBlank()) {
                    e.put("match", match.strip());
                }
            }
        }
        return node.toString();
    }

    static DigestRequest decode(String stored, Client client) {
        try {
            var node = JSON.readTree(stored);
            return new DigestRequest(node.get("text").textValue(),
                    node.hasNonNull("title") ? node.get("title").textValue() : null,
                    node.hasNonNull("publishedAt") ? LocalDate.parse(node.get("publishedAt").textValue()) : null,
                    node.hasNonNull("sourceLanguage") ? node.get("sourceLanguage").textValue() : null,
                    node.path("includeTranslation").asBoolean(false), client,
                    node.hasNonNull("glossary") ? node.get("glossary").textValue() : null, entries(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored batch item is not readable", e);
        }
    }

    private static List<GlossaryEntry> entries(JsonNode node) {
        List<GlossaryEntry> entries = new ArrayList<>();
        for (JsonNode e : node.path("glossaryEntries")) {
            entries.add(GlossaryEntry.of(e.path("source").textValue(), e.path("target").textValue(),
                    e.path("kind").textValue(), e.path("id").textValue(), e.path("match").textValue()));
        }
        return entries;
    }
}
