package dev.precis.api;

import dev.precis.digest.DigestRequest;
import dev.precis.security.Client;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON body of {@code POST /v1/digests}. Unknown fields are refused (a misspelt option must not pass silently). */
@Schema(name = "DigestRequest", description = "An article to digest.")
public record DigestRequestBody(
        @Schema(required = true, description = "The article, as published. Offsets in the digest index this text.",
                examples = "Le ministre des Armées a reçu mardi à Paris son homologue allemand.")
        String text,
        @Schema(description = "Optional title, given to the model as context.")
        String title,
        @Schema(description = "Publication date (YYYY-MM-DD); resolves relative dates such as \"mardi\".",
                format = "date", examples = "2026-03-18")
        String publishedAt,
        @Schema(description = "ISO 639-1 code of the article's language, or \"auto\" to detect it.",
                defaultValue = "auto", examples = "fr")
        String sourceLanguage,
        @Schema(description = "Also return a full English translation.", defaultValue = "false")
        Boolean includeTranslation) {

    DigestRequest toRequest(Client client) {
        return new DigestRequest(text, title, RequestDates.parse(publishedAt), sourceLanguage,
                Boolean.TRUE.equals(includeTranslation), client);
    }
}
