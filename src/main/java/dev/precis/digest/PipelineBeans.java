package dev.precis.digest;

import dev.precis.config.PrecisConfig;
import dev.precis.prompt.PromptLibrary;
import dev.precis.validation.AnswerValidator;
import dev.precis.validation.LanguageGuard;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Makes the framework-free pipeline parts available for injection, configured from {@link PrecisConfig}. */
@Singleton
public class PipelineBeans {

    @Produces
    @Singleton
    LanguageGuard languageGuard(PrecisConfig config) {
        return LanguageGuard.forLanguages(config.languages());
    }

    @Produces
    @Singleton
    AnswerValidator answerValidator(LanguageGuard languages, PrecisConfig config, PromptLibrary prompts) {
        return new AnswerValidator(languages, config.dateWindowDays(), List.of(prompts.current().system()));
    }

    /** Language models take a second or two to load: load them beside startup, not in the first request. */
    void warmUp(@Observes StartupEvent event, LanguageGuard languages) {
        Thread.ofVirtual().name("language-model-warm-up").start(languages::warmUp);
    }
}
