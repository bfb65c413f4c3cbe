package dev.precis.resilience;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precis.support.Eventually;
import dev.precis.support.LlmBackend;
import dev.precis.support.ServiceProcess;
import dev.precis.support.TestTexts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on the packaged service: a digest under way still gets its answer, then the process exits. Runs the jar
 * `mvn package` built as a separate process, as Kubernetes would.
 */
class GracefulShutdownIT {

    private WireMockServer llm;
    private ServiceProcess service;

    @BeforeEach
    void start() {
        llm = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(true));
        llm.start();
        new LlmBackend(llm).responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withFixedDelay(3_000));
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        llm.stop();
    }

    @Test
    void aDigestUnderWayFinishesAfterSigterm() throws Exception {
        service = ServiceProcess.start(Map.of("PRECIS_LLM_PROVIDER", "openai", "PRECIS_LLM_MODEL", "test-model",
                "PRECIS_LLM_BASE_URL", "http://localhost:" + llm.port() + "/v1", "PRECIS_SHUTDOWN_GRACE", "20s"));
        int port = service.port(Duration.ofSeconds(90));
        HttpClient client = HttpClient.newHttpClient();
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("text", TestTexts.article("phone-call")));
        CompletableFuture<HttpResponse<String>> underWay = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/digests"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Eventually.until(Duration.ofSeconds(20), () -> llm.getAllServeEvents().size() == 1);

        service.terminate(); // SIGTERM

        HttpResponse<String> response = underWay.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"llmCalls\":1");
        assertThat(service.exited(Duration.ofSeconds(30))).as("the service exits").isTrue();
    }
}
