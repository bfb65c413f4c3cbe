package dev.precis;

import dev.precis.api.ServiceBuild;
import dev.precis.batch.BatchDatabase;
import dev.precis.config.PrecisConfig;
import dev.precis.config.SettingsCheck;
import dev.precis.fleet.RedisLink;
import dev.precis.llm.LlmGateway;
import dev.precis.prompt.PromptLibrary;
import dev.precis.security.ApiKeys;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Says at startup, in one line, what is live: version and commit, each backend's provider, model, host and
 * structured-output mode, the prompt version, whether API keys are required, the article limit, and where shared
 * state lives (then tries Redis once, so that a wrong address or password is said at start) — never a key, and
 * never more of a URL than its host. Warns of environment variables that look like settings but are none.
 */
@Singleton
public class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    void report(@Observes StartupEvent event, ServiceBuild build, LlmGateway gateway, PromptLibrary prompts,
            ApiKeys keys, PrecisConfig config, RedisLink redis, BatchDatabase batches) {
        SettingsCheck.check(System.getenv(), Map.of()).warnings().forEach(LOG::warn);
        String backends = gateway.backends().stream().map(backend -> backend.client().name() + " "
                + backend.client().provider().setting() + " " + backend.client().model() + " at "
                + backend.client().host() + " (" + backend.client().structuredOutput().setting() + ")")
                .collect(Collectors.joining(", "));
        LOG.infof("precis %s (commit %s): %s; prompts %s; API keys %s; articles up to %d characters; shared state %s; "
                + "batches in %s",
                build.version(), build.commit(), backends, prompts.current().version(),
                keys.required() ? "required" : "OFF (open)", config.maxArticleChars(),
                redis.enabled() ? "in Redis at " + redis.where() : "in this process only (no PRECIS_REDIS_URL)",
                batches.where());
        redis.checkNow();
        if (!dev.precis.config.RunMode.isEval()) {
            // beside the start, not in its way: readiness never waits on the database
            Thread.ofVirtual().name("precis-batch-database").start(batches::tryAtStart);
        }
    }
}
