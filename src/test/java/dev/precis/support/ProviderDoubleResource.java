package dev.precis.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precis.llm.provider.Provider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * WireMock speaking one provider's API (named by the "provider" argument), with the service's primary backend pointed
 * at it, and optionally a second provider's ("fallback") under /fallback on the same server as the fallback backend;
 * "structured-output" sets the primary's mode. Tests get the doubles with {@link InjectProviderDouble} and
 * {@link InjectFallbackDouble}.
 */
public class ProviderDoubleResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;
    private ProviderDouble llm;
    private ProviderDouble fallback;
    private String structuredOutput;

    @Override
    public void init(Map<String, String> args) {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        llm = new ProviderDouble(Provider.named(args.get("provider")).orElseThrow(), server, "");
        if (args.containsKey("fallback")) {
            fallback = new ProviderDouble(Provider.named(args.get("fallback")).orElseThrow(), server, "/fallback");
        }
        structuredOutput = args.get("structured-output");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new HashMap<>(llm.settings(false));
        if (fallback != null) {
            settings.putAll(fallback.settings(true));
            // Quick retries: the tests of the fallback wait for the primary's to run out.
            settings.put("precis.llm.retry-base-delay", "10ms");
            settings.put("precis.llm.retry-max-delay", "50ms");
        }
        if (structuredOutput != null) {
            settings.put("precis.llm.structured-output", structuredOutput);
        }
        settings.put("precis.cache.max-entries", "0");
        return settings;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(llm, new TestInjector.AnnotatedAndMatchesType(InjectProviderDouble.class, ProviderDouble.class));
        if (fallback != null) {
            injector.injectIntoFields(fallback,
                    new TestInjector.AnnotatedAndMatchesType(InjectFallbackDouble.class, ProviderDouble.class));
        }
    }

    @Override
    public void stop() {
        server.stop();
    }
}
