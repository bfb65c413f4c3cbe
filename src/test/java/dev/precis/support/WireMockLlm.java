package dev.precis.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts WireMock on a free port as the LLM backend and points the service at it, with a known key and model so
 * tests can assert what the service sends.
 */
public class WireMockLlm implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "sk-test-4f1c0e7d";
    public static final String MODEL = "test-model";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().containerThreads(64).asynchronousResponseEnabled(true));
        server.start();
        return Map.of(
                "precis.llm.base-url", "http://localhost:" + server.port() + "/v1",
                "precis.llm.api-key", API_KEY,
                "precis.llm.model", MODEL);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new LlmBackend(server),
                new TestInjector.AnnotatedAndMatchesType(InjectLlmBackend.class, LlmBackend.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
