package dev.precis.prompt;

import io.quarkus.qute.Template;
import java.time.LocalDate;
import java.util.List;

/**
 * The prompts in effect: the system prompt, the user and repair templates, the answer's JSON Schema, and a short
 * version hash of all four so a digest says which prompts produced it.
 */
public record PromptSet(String system, Template user, Template repair, String schema, String version) {

    /**
     * The user message: the request's context, the schema when the backend is not given it separately, and the
     * article inside its delimited data block.
     */
    public String userMessage(String article, String title, LocalDate publishedAt, String sourceLanguage, boolean includeTranslation,
            boolean withSchema) {
        return user.data("article", article)
                .data("title", title == null ? "" : title.strip())
                .data("publishedAt", publishedAt == null ? "" : publishedAt.toString())
                .data("sourceLanguage", sourceLanguage == null ? "" : sourceLanguage)
                .data("includeTranslation", includeTranslation)
                .data("schema", withSchema ? schema : "")
                .render();
    }

    /** The follow-up message asking the model to fix the listed problems. */
    public String repairMessage(List<String> problems) {
        return repair.data("problems", problems).render();
    }
}
