package dev.precis.batch;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precis.support.Eventually;
import dev.precis.support.LlmBackend;
import dev.precis.support.Postgres;
import dev.precis.support.ServiceProcess;
import dev.precis.support.TestTexts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batches survive what happens to processes: the packaged service, as operators run it, against a slow scripted LLM.
 * Two replicas on one PostgreSQL share a batch's items; one is killed (kill -9) mid-batch and the other finishes
 * every item; a lone replica on the embedded database is killed mid-batch and, started again on the same folder,
 * resumes. Every item ends exactly once, in order, with its digest.
 */
class BatchFleetIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARTICLE = TestTexts.article("visit-security-chiefs");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<ServiceProcess> started = new ArrayList<>();
    private WireMockServer llm;
    private String schema;

    @BeforeEach
    void startLlm() {
        llm = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(true).containerThreads(64));
        llm.start();
        // each item takes a while, so that a batch is still under way when a process is killed
        new LlmBackend(llm).responds(LlmBackend.completion(TestTexts.answer("visit-security-chiefs"), "stop")
                .withFixedDelay(300));
    }

    @AfterEach
    void stopAll() {
        started.forEach(ServiceProcess::close);
        if (llm != null) {
            llm.stop();
        }
        if (schema != null) {
            Postgres.dropSchema(schema);
        }
    }

    private ServiceProcess replica(Map<String, String> more) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PRECIS_LLM_PROVIDER", "openai", "PRECIS_LLM_MODEL", "test-model",
                "PRECIS_LLM_BASE_URL", "http://localhost:" + llm.port() + "/v1", "PRECIS_LLM_MAX_RETRIES", "0",
                // four items at once per replica: 16 LLM slots, a quarter of them for batches
                "PRECIS_MAX_CONCURRENT_LLM_CALLS", "16", "PRECIS_BATCH_SHARE", "25", "PRECIS_BATCH_LEASE", "3s",
                "PRECIS_CACHE_MAX_ENTRIES", "0"));
        env.putAll(more);
        ServiceProcess process = ServiceProcess.start(env);
        started.add(process);
        return process;
    }

    private String submit(int port, int items) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int n = 1; n <= items; n++) {
            body.append(JSON.writeValueAsString(Map.of("id", "d" + n, "text", ARTICLE + "\n\nDépêche n° " + n + ".",
                    "publishedAt", "2026-03-10"))).append('\n');
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/batches")).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }

    private JsonNode status(int port, String id) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/v1/batches/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private List<JsonNode> results(int port, String id) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batches/" + id
                + "/results")).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static long itemsDone(ServiceProcess process) {
        return process.output().stream().filter(line -> line.contains("precis-batch-item")
                && line.contains("digest article=") && line.contains("meetings=")).count();
    }

    private void assertEveryItemOnceInOrder(int port, String id, int items) throws Exception {
        JsonNode done = status(port, id);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.at("/counts/succeeded").asInt()).isEqualTo(items);
        assertThat(done.at("/counts/failed").asInt()).isZero();
        List<JsonNode> all = results(port, id);
        assertThat(all).hasSize(items);
        Set<String> ids = new HashSet<>();
        for (int n = 1; n <= items; n++) {
            JsonNode result = all.get(n - 1);
            assertThat(result.get("item").asInt()).isEqualTo(n);
            assertThat(result.get("status").asText()).isEqualTo("succeeded");
            assertThat(result.at("/digest/meetings/0/participants/0/name").asText()).isEqualTo("Marc Delorme");
            ids.add(result.get("id").asText());
        }
        assertThat(ids).hasSize(items);
    }

    @Test
    void twoReplicasShareABatchAndWhenOneIsKilledTheOtherFinishesEveryItem() throws Exception {
        Postgres.assumeAvailable();
        schema = Postgres.newSchema();
        Map<String, String> db = Map.of("PRECIS_DB_URL", schema, "PRECIS_DB_USER", Postgres.USER);
        ServiceProcess first = replica(db);
        ServiceProcess second = replica(db);
        int a = first.port(Duration.ofSeconds(90));
        int b = second.port(Duration.ofSeconds(90));
        assertThat(first.text()).contains("batches in PostgreSQL 127.0.0.1:5432/test");

        int items = 160;
        String id = submit(a, items);
        // both replicas take items from the one database
        Eventually.until(Duration.ofSeconds(120), () -> itemsDone(first) >= 5 && itemsDone(second) >= 5);
        assertThat(status(b, id).get("status").asText()).isEqualTo("running");
        first.kill();
        long doneByFirst = itemsDone(first);
        assertThat(doneByFirst).isLessThan(items);

        Eventually.until(Duration.ofSeconds(240), () -> status(b, id).has("finishedAt"));
        assertEveryItemOnceInOrder(b, id, items);
        // the survivor did the rest, including what the dead replica held when it died
        assertThat(itemsDone(second)).isGreaterThanOrEqualTo(items - doneByFirst);
        assertThat(second.text()).doesNotContain(" ERROR ");
    }

    @Test
    void aLoneReplicaKilledMidBatchResumesWhenStartedAgainOnItsEmbeddedDatabase() throws Exception {
        Path data = Files.createTempDirectory("precis-batch-data");
        ServiceProcess first = replica(Map.of("PRECIS_DATA_DIR", data.toString()));
        int port = first.port(Duration.ofSeconds(90));
        assertThat(first.text()).contains("batches in embedded database " + data.toRealPath().resolve("batches.mv.db"));
        int items = 60;
        String id = submit(port, items);
        Eventually.until(Duration.ofSeconds(120), () -> itemsDone(first) >= 8);
        first.kill();
        long before = itemsDone(first);
        assertThat(before).isLessThan(items);

        ServiceProcess again = replica(Map.of("PRECIS_DATA_DIR", data.toString()));
        int restarted = again.port(Duration.ofSeconds(90));
        assertThat(status(restarted, id).at("/counts/total").asInt()).isEqualTo(items);
        Eventually.until(Duration.ofSeconds(240), () -> status(restarted, id).has("finishedAt"));
        assertEveryItemOnceInOrder(restarted, id, items);
        assertThat(again.text()).doesNotContain(" ERROR ");
    }
}
