package dev.precis.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.precis.support.KeyLines.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.JedisPooled;

/**
 * Replicas as Kubernetes runs them: the packaged jar started several times ({@code java -jar}), all on one Redis (the
 * machine's, under a key prefix of this run) and one scripted LLM backend. Quotas, the answer cache and single flight
 * behave as one service; a replica killed mid-call strands nobody; Redis killed mid-run costs no request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetIT {

    private static final String TEN = "pk-fleet-ten-61c0b2a7";
    private static final String BUDGET = "pk-fleet-budget-3f9e1d55";
    private static final String DESK = "pk-fleet-desk-8a2c4e10";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ARTICLES = new AtomicInteger();

    private final String prefix = Redis.prefix();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<ServiceProcess> started = new ArrayList<>();
    private WireMockServer llm;
    private Path keys;
    private int a;
    private int b;

    @BeforeAll
    void startFleet() throws Exception {
        Redis.assumeAvailable();
        llm = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(true).containerThreads(64));
        llm.start();
        new LlmBackend(llm).responds(LlmBackend.completion(TestTexts.answer("phone-call"), "stop"));
        keys = Files.createTempFile("precis-fleet-keys", ".txt");
        Files.write(keys, List.of(line("ten", TEN, "rpm=10"), line("budget", BUDGET, "tpd=3000"), line("desk", DESK, "")));
        ServiceProcess first = replica(Redis.URL);
        ServiceProcess second = replica(Redis.URL);
        a = first.port(Duration.ofSeconds(90));
        b = second.port(Duration.ofSeconds(90));
    }

    @AfterAll
    void stopFleet() throws IOException {
        started.forEach(ServiceProcess::close);
        if (llm == null) {
            return;
        }
        llm.stop();
        Files.deleteIfExists(keys);
        Redis.clean(Redis.URL, prefix);
    }

    private ServiceProcess replica(String redisUrl) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("PRECIS_LLM_PROVIDER", "openai", "PRECIS_LLM_MODEL", "test-model",
                "PRECIS_LLM_BASE_URL", "http://localhost:" + llm.port() + "/v1", "PRECIS_API_KEYS_FILE", keys.toString(),
                "PRECIS_REDIS_URL", redisUrl, "PRECIS_REDIS_KEY_PREFIX", prefix, "PRECIS_REDIS_LEASE", "2s",
                "PRECIS_REQUEST_DEADLINE", "40s", "PRECIS_LLM_MAX_RETRIES", "0"));
        ServiceProcess process = ServiceProcess.start(env);
        started.add(process);
        return process;
    }

    @Test
    void aKeyWithTenRequestsAMinuteGetsTenAcrossTheFleet() throws Exception {
        String article = article();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            int status = digest(i % 2 == 0 ? a : b, TEN, article).statusCode();
            statuses.merge(status, 1, Integer::sum);
        }
        assertThat(statuses).isEqualTo(Map.of(200, 10, 429, 20));
    }

    @Test
    void aTokenBudgetIsSpentOnceAcrossTheFleet() throws Exception {
        // each digest costs 1,000 tokens as the backend reports them; 3,000 a day leaves room for two and not a third
        // once the estimate is added — a replica on its own would have seen only the 1,000 it spent itself
        assertThat(digest(a, BUDGET, article()).statusCode()).isEqualTo(200);
        assertThat(digest(b, BUDGET, article()).statusCode()).isEqualTo(200);
        HttpResponse<String> third = digest(a, BUDGET, article());
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).contains("daily token quota");
    }

    @Test
    void anArticleDigestedOnOneReplicaIsACacheHitOnTheOther() throws Exception {
        String article = article();
        int before = llmCalls();
        HttpResponse<String> first = digest(a, DESK, article);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(usage(first).get("cached").asBoolean()).isFalse();
        assertThat(llmCalls()).isEqualTo(before + 1);

        HttpResponse<String> second = digest(b, DESK, article);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(usage(second).get("cached").asBoolean()).isTrue();
        assertThat(usage(second).get("llmCalls").asInt()).isZero();
        assertThat(llmCalls()).as("no LLM call for the second replica").isEqualTo(before + 1);
        assertThat(JSON.readTree(second.body()).get("meetings")).isEqualTo(JSON.readTree(first.body()).get("meetings"));
    }

    @Test
    void twentyIdenticalRequestsOverTwoReplicasMakeOneLlmCall() throws Exception {
        String marker = "dossier-" + ARTICLES.incrementAndGet() + "-simultane";
        String article = TestTexts.article("phone-call") + "\n\nRéférence " + marker + ".";
        llm.stubFor(post(urlPathEqualTo(LlmBackend.CHAT_PATH)).atPriority(1).withRequestBody(containing(marker))
                .willReturn(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withFixedDelay(1_500)));
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(digestAsync(i % 2 == 0 ? a : b, DESK, article));
        }
        for (CompletableFuture<HttpResponse<String>> request : requests) {
            assertThat(request.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(llm.findAll(postRequestedFor(urlPathEqualTo(LlmBackend.CHAT_PATH))
                .withRequestBody(containing(marker)))).hasSize(1);
    }

    @Test
    void aLeaderKilledMidCallStrandsNoFollower() throws Exception {
        ServiceProcess doomed = replica(Redis.URL);
        int leader = doomed.port(Duration.ofSeconds(90));
        String marker = "dossier-" + ARTICLES.incrementAndGet() + "-interrompu";
        String article = TestTexts.article("phone-call") + "\n\nRéférence " + marker + ".";
        // the first call never comes back in time; the one after it answers at once
        llm.stubFor(post(urlPathEqualTo(LlmBackend.CHAT_PATH)).atPriority(1).withRequestBody(containing(marker))
                .inScenario(marker).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(LlmBackend.completion(TestTexts.answer("phone-call"), "stop").withFixedDelay(120_000)));
        llm.stubFor(post(urlPathEqualTo(LlmBackend.CHAT_PATH)).atPriority(1).withRequestBody(containing(marker))
                .inScenario(marker).whenScenarioStateIs("second")
                .willReturn(LlmBackend.completion(TestTexts.answer("phone-call"), "stop")));

        CompletableFuture<HttpResponse<String>> lead = digestAsync(leader, DESK, article);
        Eventually.until(Duration.ofSeconds(30), () -> callsWith(marker) == 1);
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> follower = digestAsync(b, DESK, article);
        Thread.sleep(500); // the follower finds the leader's lease and waits
        assertThat(follower).isNotDone();
        doomed.kill();

        HttpResponse<String> answer = follower.get(40, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(usage(answer).get("cached").asBoolean()).as("it computed the answer itself").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("within its 40 s deadline")
                .isLessThan(Duration.ofSeconds(40));
        assertThat(callsWith(marker)).isEqualTo(2);
        assertThat(lead).isCompletedExceptionally();
    }

    @Test
    void redisKilledMidRunCostsNoRequestAndSharedStateResumesWithNothingLost() throws Exception {
        try (Redis.Server server = new Redis.Server().start()) {
            ServiceProcess d = replica(server.url());
            ServiceProcess e = replica(server.url());
            int portD = d.port(Duration.ofSeconds(90));
            int portE = e.port(Duration.ofSeconds(90));
            int managementD = d.managementPort(Duration.ofSeconds(10));
            assertThat(d.text()).as("the startup line says where shared state lives")
                    .contains("shared state in Redis at " + server.url());
            assertThat(redisHealth(managementD)).isEqualTo("up");

            server.stop();
            String article = article();
            Map<Integer, Integer> onD = new HashMap<>();
            Map<Integer, Integer> onE = new HashMap<>();
            for (int i = 0; i < 12; i++) {
                onD.merge(digest(portD, TEN, article).statusCode(), 1, Integer::sum);
                onE.merge(digest(portE, TEN, article).statusCode(), 1, Integer::sum);
            }
            assertThat(onD).as("each replica enforces the quota on its own meanwhile").isEqualTo(Map.of(200, 10, 429, 2));
            assertThat(onE).isEqualTo(Map.of(200, 10, 429, 2));
            assertThat(redisHealth(managementD)).isEqualTo("down");
            assertThat(readiness(managementD)).as("readiness does not fail").isEqualTo(200);

            server.start();
            Eventually.until(Duration.ofSeconds(30), () -> "up".equals(redisHealthQuietly(managementD)));
            // what each replica counted meanwhile is handed over: the fleet's window holds the 20 requests
            try (JedisPooled redis = Redis.client(server.url())) {
                Eventually.until(Duration.ofSeconds(30), () -> redis.zcard(prefix + "q:{ten}:requests") == 20);
            }
            HttpResponse<String> over = digest(portD, TEN, article);
            assertThat(over.statusCode()).as("the shared window is in force again").isEqualTo(429);

            String shared = article();
            assertThat(digest(portD, DESK, shared).statusCode()).isEqualTo(200);
            assertThat(usage(digest(portE, DESK, shared)).get("cached").asBoolean()).isTrue();

            assertThat(d.output().stream().filter(l -> l.contains("is unreachable")).count())
                    .as("one WARN line when Redis went away").isEqualTo(1);
            assertThat(d.output().stream().filter(l -> l.contains("reachable again")).count())
                    .as("one when it came back").isEqualTo(1);
            assertThat(d.text()).doesNotContain("ERROR").doesNotContain("\tat ");
        }
    }

    private String article() {
        return TestTexts.article("phone-call") + "\n\nRéférence dossier-" + ARTICLES.incrementAndGet() + ".";
    }

    private HttpResponse<String> digest(int port, String key, String text) throws Exception {
        return digestAsync(port, key, text).get(60, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> digestAsync(int port, String key, String text) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("text", text));
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/digests"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode usage(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).get("usage");
    }

    private int llmCalls() {
        return llm.findAll(postRequestedFor(urlPathEqualTo(LlmBackend.CHAT_PATH))).size();
    }

    private int callsWith(String marker) {
        return llm.findAll(postRequestedFor(urlPathEqualTo(LlmBackend.CHAT_PATH)).withRequestBody(containing(marker))).size();
    }

    private String redisHealth(int managementPort) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : JSON.readTree(response.body()).get("checks")) {
            if (check.get("name").asText().equals("shared-state")) {
                return check.get("data").get("redis").asText();
            }
        }
        throw new AssertionError("no shared-state check: " + response.body());
    }

    private String redisHealthQuietly(int managementPort) {
        try {
            return redisHealth(managementPort);
        } catch (Exception e) {
            return "";
        }
    }

    private int readiness(int managementPort) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
