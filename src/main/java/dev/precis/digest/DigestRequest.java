package dev.precis.digest;

import dev.precis.glossary.GlossaryEntry;
import dev.precis.security.Client;
import java.time.LocalDate;
import java.util.List;

/**
 * What any entry point (REST, a job runner, the eval command) asks of the pipeline.
 *
 * @param text the article, exactly as submitted; offsets in the digest index this string
 * @param title optional title, given to the model as context
 * @param publishedAt optional publication date, used to resolve relative dates ("dimanche")
 * @param sourceLanguage ISO 639-1 code, or null / "auto" to detect it
 * @param includeTranslation whether to ask for a full English translation
 * @param client who asks, whose token quota pays for the LLM calls; null for unmetered callers (open mode, tools)
 * @param glossary the named glossary to hold the digest to ({@code "none"} for none); null for the key's default
 * @param glossaryEntries glossary entries given with the request, before any named glossary; empty for none
 */
public record DigestRequest(String text, String title, LocalDate publishedAt, String sourceLanguage,
        boolean includeTranslation, Client client, String glossary, List<GlossaryEntry> glossaryEntries) {

    public DigestRequest {
        glossaryEntries = glossaryEntries == null ? List.of() : List.copyOf(glossaryEntries);
    }

    public DigestRequest(String text, String title, LocalDate publishedAt, String sourceLanguage,
            boolean includeTranslation, Client client) {
        this(text, title, publishedAt, sourceLanguage, includeTranslation, client, null, List.of());
    }
}
