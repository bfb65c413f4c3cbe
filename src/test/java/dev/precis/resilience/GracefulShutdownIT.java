package dev.precis.resilience;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precis.support.Eventually;
import dev.precis.support.LlmBackend;
import dev.precis.support.TestTexts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on the packaged service: a digest under way still gets its answer, then the process exits. Runs the jar
 * `mvn package` built as a separate process, as Kubernetes would.
 */
class GracefulShutdownIT {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private WireMockServer llm;
    private Process service;

    @BeforeEach
    void start() {
        llm = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(true));
        llm.start();
        new LlmBackend(llm).responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withFixedDelay(3_000));
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
        llm.stop();
    }

    @Test
    void aDigestUnderWayFinishesAfterSigterm() throws Exception {
        int port = startService();
        HttpClient client = HttpClient.newHttpClient();
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("text", TestTexts.article("phone-call")));
        CompletableFuture<HttpResponse<String>> underWay = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/digests"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Eventually.until(Duration.ofSeconds(20), () -> llm.getAllServeEvents().size() == 1);

        service.destroy(); // SIGTERM

        HttpResponse<String> response = underWay.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"llmCalls\":1");
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("the service exits").isTrue();
    }

    private int startService() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true);
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("PRECIS_LLM_PROVIDER", "openai");
        builder.environment().put("PRECIS_LLM_BASE_URL", "http://localhost:" + llm.port() + "/v1");
        builder.environment().put("PRECIS_SHUTDOWN_GRACE", "20s");
        service = builder.start();
        AtomicInteger port = new AtomicInteger();
        BufferedReader output = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> output.lines().forEach(line -> {
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                port.set(Integer.parseInt(listening.group(1)));
            }
        }));
        Eventually.until(Duration.ofSeconds(60), () -> port.get() > 0);
        return port.get();
    }
}
