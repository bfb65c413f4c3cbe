package dev.precis.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.Template;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The prompts in effect: extraction (system, user and repair messages, the answer's JSON Schema), the headline and
 * summary of a long article written from its parts (system, user, schema), and a short version hash of them all so
 * a digest says which prompts produced it.
 */
public record PromptSet(
        String system,
        Template user,
        Template repair,
        JsonNode schema,
        String schemaText,
        String schemaInstruction,
        String mergeSystem,
        Template mergeUser,
        JsonNode mergeSchema,
        String mergeSchemaInstruction,
        String version) {

    /** Where a chunk stands in a long article; {@link #WHOLE} for an article sent in one piece. */
    public record Part(int number, int of) {
        public static final Part WHOLE = new Part(1, 1);
    }

    /**
     * The user message: the request's context and the article (or one part of it) inside its delimited data block.
     * (The schema, when a backend takes none, joins the system prompt instead: the fixed part of every call comes first,
     * where providers can cache it.)
     */
    public String userMessage(String article, String title, LocalDate publishedAt, String sourceLanguage,
            boolean includeTranslation, Part part) {
        return userMessage(article, title, publishedAt, sourceLanguage, includeTranslation, part, "");
    }

    /** @param glossary the glossary entries the article mentions, one per line; empty for none */
    public String userMessage(String article, String title, LocalDate publishedAt, String sourceLanguage,
            boolean includeTranslation, Part part, String glossary) {
        return user.data("article", article)
                .data("glossary", glossary == null ? "" : glossary)
                .data("title", title == null ? "" : title.strip())
                .data("publishedAt", publishedAt == null ? "" : publishedAt.toString())
                .data("sourceLanguage", sourceLanguage == null ? "" : sourceLanguage)
                .data("includeTranslation", includeTranslation)
                .data("part", part.of() > 1 ? part.number() : "")
                .data("parts", part.of())
                .render();
    }

    /** The follow-up message asking the model to fix the listed problems. */
    public String repairMessage(List<String> problems) {
        return repair.data("problems", problems).render();
    }

    /** The message giving the parts' headlines and summaries, each a map with "headline" and "summary". */
    public String mergeMessage(List<Map<String, String>> parts) {
        return mergeUser.data("parts", parts).render();
    }
}
