package dev.precis.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precis.llm.provider.Provider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * WireMock speaking one provider's API (named by the "provider" argument), with the service's primary backend pointed
 * at it; tests get the {@link ProviderDouble} injected with {@link InjectProviderDouble}.
 */
public class ProviderDoubleResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;
    private ProviderDouble llm;

    @Override
    public void init(Map<String, String> args) {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        llm = new ProviderDouble(Provider.named(args.get("provider")).orElseThrow(), server, "");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new HashMap<>(llm.settings(false));
        settings.put("precis.cache.max-entries", "0");
        return settings;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(llm, new TestInjector.AnnotatedAndMatchesType(InjectProviderDouble.class, ProviderDouble.class));
    }

    @Override
    public void stop() {
        server.stop();
    }
}
