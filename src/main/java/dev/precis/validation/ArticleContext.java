package dev.precis.validation;

import dev.precis.deadline.Checkpoint;
import dev.precis.glossary.GlossaryMatch;
import dev.precis.grounding.Grounder;
import java.time.LocalDate;

/**
 * What validation needs to know of the article: its text (through the grounder), its language (ISO 639-1, or null
 * when unknown), the request's options, and the glossary entries the article mentions (held to after the model).
 */
public record ArticleContext(Grounder grounder, String sourceLanguage, LocalDate publishedAt,
        boolean includeTranslation, GlossaryMatch glossary) {

    public ArticleContext(Grounder grounder, String sourceLanguage, LocalDate publishedAt, boolean includeTranslation) {
        this(grounder, sourceLanguage, publishedAt, includeTranslation, GlossaryMatch.NONE);
    }

    /** Where validation work stops: the request's deadline and cancellation, as the grounder was given them. */
    public Checkpoint checkpoint() {
        return grounder.checkpoint();
    }
}
