package dev.precis.validation;

import dev.precis.deadline.Checkpoint;
import dev.precis.grounding.Grounder;
import java.time.LocalDate;

/**
 * What validation needs to know of the article: its text (through the grounder), its language (ISO 639-1, or null
 * when unknown) and the request's options.
 */
public record ArticleContext(Grounder grounder, String sourceLanguage, LocalDate publishedAt,
        boolean includeTranslation) {

    /** Where validation work stops: the request's deadline and cancellation, as the grounder was given them. */
    public Checkpoint checkpoint() {
        return grounder.checkpoint();
    }
}
