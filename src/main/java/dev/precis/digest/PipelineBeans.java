package dev.precis.digest;

import dev.precis.config.PrecisConfig;
import dev.precis.prompt.PromptLibrary;
import dev.precis.validation.AnswerValidator;
import dev.precis.validation.LanguageGuard;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import java.util.List;

/** Makes the framework-free pipeline parts available for injection, configured from {@link PrecisConfig}. */
@Singleton
public class PipelineBeans {

    private static final Logger LOG = Logger.getLogger(PipelineBeans.class);

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

    /**
     * Language models take a second or so of CPU to load: loaded as soon as the HTTP server listens, not in the
     * first request that needs them, and not during start-up either, where on two cores they would delay readiness
     * (measured: bench/run.sh, "ready"). A request that needs them before they are in waits for them; most articles
     * and answers are decided by their small words first and never do.
     */
    void warmUp(@ObservesAsync HttpServerStart event, LanguageGuard languages) {
        Thread.ofVirtual().name("language-model-warm-up").start(() -> {
            long started = System.nanoTime();
            languages.warmUp();
            LOG.infof("Language models loaded in %d ms", (System.nanoTime() - started) / 1_000_000);
        });
    }
}
