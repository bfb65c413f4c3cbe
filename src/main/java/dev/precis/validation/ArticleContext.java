package dev.precis.validation;

import dev.precis.grounding.Grounder;
import java.time.LocalDate;

/** What validation needs to know of the article: its text (through the grounder) and the request's options. */
public record ArticleContext(Grounder grounder, LocalDate publishedAt, boolean includeTranslation) {
}
