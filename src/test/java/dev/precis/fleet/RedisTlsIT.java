package dev.precis.fleet;

import static dev.precis.support.KeyLines.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precis.support.Eventually;
import dev.precis.support.LlmBackend;
import dev.precis.support.Redis;
import dev.precis.support.ServiceProcess;
import dev.precis.support.TestTexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://}: the packaged service on a Redis that only speaks TLS, with its certificate trusted the way an
 * operator trusts a private CA (a trust store given to the JVM). A certificate the JVM does not trust is refused:
 * Redis is down for precis, and requests are still answered.
 */
class RedisTlsIT {

    private static final String KEY = "pk-tls-5e1c7a90d2b4";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private WireMockServer llm;
    private Process redis;
    private ServiceProcess service;
    private int tlsPort;

    @BeforeEach
    void start() throws Exception {
        Redis.assumeAvailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(run("openssl", "version") == 0, "needs openssl");
        llm = new WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        llm.start();
        new LlmBackend(llm).responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop"));
        assertThat(run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost")).isZero();
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            tlsPort = socket.getLocalPort();
        }
        redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(tlsPort), "--bind",
                "127.0.0.1", "--tls-cert-file", dir.resolve("cert.pem").toString(), "--tls-key-file",
                dir.resolve("key.pem").toString(), "--tls-auth-clients", "no", "--save", "", "--appendonly", "no",
                "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Eventually.until(Duration.ofSeconds(20), () -> {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", tlsPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (redis != null) {
            redis.destroyForcibly();
        }
        if (llm != null) {
            llm.stop();
        }
    }

    @Test
    void aTrustedCertificateCarriesTheSharedState() throws Exception {
        Path trust = dir.resolve("trust.p12");
        assertThat(run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "redis", "-file", dir.resolve("cert.pem").toString(), "-keystore", trust.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit")).isZero();
        service = start("-Djavax.net.ssl.trustStore=" + trust + " -Djavax.net.ssl.trustStorePassword=changeit");
        int port = service.port(Duration.ofSeconds(90));
        int management = service.managementPort(Duration.ofSeconds(10));
        Eventually.until(Duration.ofSeconds(20), () -> "up".equals(redisState(management)));
        for (int i = 0; i < 2; i++) {
            assertThat(digest(port).statusCode()).isEqualTo(200);
        }
        assertThat(digest(port).statusCode()).as("rpm=2, counted in Redis over TLS").isEqualTo(429);
        assertThat(redisState(management)).isEqualTo("up");
        assertThat(service.text()).doesNotContain("is unreachable");
    }

    @Test
    void anUntrustedCertificateIsRefusedAndRequestsAreStillAnswered() throws Exception {
        service = start("");
        int port = service.port(Duration.ofSeconds(90));
        int management = service.managementPort(Duration.ofSeconds(10));
        assertThat(digest(port).statusCode()).isEqualTo(200);
        Eventually.until(Duration.ofSeconds(20), () -> "down".equals(redisState(management)));
    }

    private ServiceProcess start(String javaOptions) throws IOException {
        Path keys = dir.resolve("keys.txt");
        Files.write(keys, List.of(line("tls", KEY, "rpm=2")));
        Map<String, String> env = new java.util.HashMap<>(Map.of("PRECIS_LLM_PROVIDER", "openai", "PRECIS_LLM_MODEL",
                "test-model", "PRECIS_LLM_BASE_URL", "http://localhost:" + llm.port() + "/v1", "PRECIS_API_KEYS_FILE",
                keys.toString(), "PRECIS_REDIS_URL", "rediss://localhost:" + tlsPort + "/0", "PRECIS_REDIS_TIMEOUT", "2s",
                "PRECIS_REDIS_KEY_PREFIX", Redis.prefix()));
        if (!javaOptions.isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", javaOptions);
        }
        return ServiceProcess.start(env);
    }

    private HttpResponse<String> digest(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/digests"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("text",
                        TestTexts.article("phone-call"))))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String redisState(int management) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + management + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode check : JSON.readTree(response.body()).get("checks")) {
                if (check.get("name").asText().equals("shared-state")) {
                    return check.get("data").get("redis").asText();
                }
            }
            return "";
        } catch (Exception e) {
            return "";
        }
    }

    private int run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }
}
