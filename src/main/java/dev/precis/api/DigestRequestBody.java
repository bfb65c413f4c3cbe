package dev.precis.api;

import dev.precis.digest.DigestRequest;
import dev.precis.digest.InvalidRequestException;
import dev.precis.glossary.GlossaryEntry;
import dev.precis.security.Client;
import java.util.ArrayList;
import java.util.List;
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
        Boolean includeTranslation,
        @Schema(description = "A named glossary (a file of PRECIS_GLOSSARIES_DIR) to hold the digest to; "
                + "by default the API key's default glossary, \"none\" for none.", examples = "newsroom")
        String glossary,
        @Schema(description = "Glossary entries for this request only; they come before the named glossary.")
        List<GlossaryEntryBody> glossaryEntries) {

    /** One inline glossary entry, as a glossary file's line gives it. */
    @Schema(name = "GlossaryEntry", description = "A source term and the English rendering to use for it.")
    public record GlossaryEntryBody(
            @Schema(required = true, description = "The term as articles write it.", examples = "El Khelaifi")
            String source,
            @Schema(required = true, description = "The English rendering to use.", examples = "Nasser Al-Khelaifi")
            String target,
            @Schema(required = true, description = "person, organization, place, title or term.", examples = "person")
            String kind,
            @Schema(description = "A stable id (a newsroom's own, a Wikidata QID).", examples = "Q1334563")
            String id,
            @Schema(description = "ignore-accents and/or match-case; by default case is ignored and accents count.")
            String match) {
    }

    DigestRequest toRequest(Client client) {
        return new DigestRequest(text, title, RequestDates.parse(publishedAt), sourceLanguage,
                Boolean.TRUE.equals(includeTranslation), client, glossary, entries(glossaryEntries));
    }

    private static List<GlossaryEntry> entries(List<GlossaryEntryBody> bodies) {
        if (bodies == null) {
            return List.of();
        }
        List<GlossaryEntry> entries = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            GlossaryEntryBody body = bodies.get(i);
            if (body == null) {
                throw new InvalidRequestException("'glossaryEntries[" + i + "]' must be an object.");
            }
            try {
                entries.add(GlossaryEntry.of(body.source(), body.target(), body.kind(), body.id(), body.match()));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("'glossaryEntries[" + i + "]': " + e.getMessage() + ".");
            }
        }
        return entries;
    }
}
