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
        // Short backoffs keep retry tests fast. A breaker that never opens and no cache keep one test's calls
        // from changing the next test's (breaker and cache have tests of their own, with their own profiles).
        return Map.of(
                "precis.llm.provider", "openai",
                "precis.llm.base-url", "http://localhost:" + server.port() + "/v1",
                "precis.llm.api-key", API_KEY,
                "precis.llm.model", MODEL,
                "precis.llm.retry-base-delay", "20ms",
                "precis.llm.retry-max-delay", "100ms",
                "precis.breaker.failure-threshold", "1000000",
                "precis.cache.max-entries", "0");
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
