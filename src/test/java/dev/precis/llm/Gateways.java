package dev.precis.llm;

import dev.precis.config.PrecisConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The LLM gateway built from settings as the service builds it, without starting the service: fast provider tests. */
public final class Gateways {

    private Gateways() {
    }

    public static PrecisConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("precis.llm.retry-base-delay", "20ms",
                "precis.llm.retry-max-delay", "100ms", "precis.llm.timeout", "5s"));
        all.putAll(settings);
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(PrecisConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build()
                .getConfigMapping(PrecisConfig.class);
    }

    /** Settings as the environment gives them (PRECIS_LLM_BASE_URL...), as a deployment sets them. */
    public static PrecisConfig configFromEnv(Map<String, String> env) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(PrecisConfig.class)
                .withSources(new io.smallrye.config.EnvConfigSource(env, 300))
                .build()
                .getConfigMapping(PrecisConfig.class);
    }

    public static LlmGateway of(Map<String, String> settings) {
        return new LlmGateway(config(settings), new SimpleMeterRegistry(), System::nanoTime);
    }
}
