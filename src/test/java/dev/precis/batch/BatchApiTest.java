package dev.precis.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.precis.support.Eventually;
import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Batches over HTTP, end to end against a scripted LLM: submitted as JSON Lines or a JSON array, worked through the
 * digest pipeline, read back in order; the edges a client meets — bad lines, limits, idempotent retries, another
 * key's batch, cancellation, retried and failed items, signed callbacks and forbidden ones.
 */
@QuarkusTest
@TestProfile(BatchProfile.class)
@QuarkusTestResource(WireMockLlm.class)
class BatchApiTest extends LlmBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARTICLE = TestTexts.article("visit-security-chiefs");
    private static final String ANSWER = TestTexts.answer("visit-security-chiefs");

    /** The same article, made distinct by a sentence at its end (the answer's offsets stay right). */
    private static String line(int n) throws Exception {
        return JSON.writeValueAsString(Map.of("id", "art-" + n, "text", ARTICLE + "\n\nDépêche n° " + n + ".",
                "publishedAt", "2026-03-10"));
    }

    private static String lines(int count) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int n = 1; n <= count; n++) {
            body.append(line(n)).append('\n');
        }
        return body.toString();
    }

    private static Response submit(String key, String body) {
        return given().header("Authorization", "Bearer " + key).contentType("application/x-ndjson; charset=utf-8")
                .body(body.getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches");
    }

    private static JsonNode status(String key, String id) throws Exception {
        return JSON.readTree(given().header("Authorization", "Bearer " + key).when().get("/v1/batches/" + id)
                .then().statusCode(200).extract().asString());
    }

    private static JsonNode awaitEnd(String key, String id) throws Exception {
        Eventually.until(Duration.ofSeconds(120), () -> {
            try {
                return status(key, id).has("finishedAt");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return status(key, id);
    }

    private static List<JsonNode> results(String key, String id, int after) throws Exception {
        String body = given().header("Authorization", "Bearer " + key).when()
                .get("/v1/batches/" + id + "/results" + (after > 0 ? "?after=" + after : ""))
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void fiveHundredArticlesComeBackDigestedInTheOrderSent() throws Exception {
        backend.answers(ANSWER);
        Response accepted = submit(BatchProfile.DESK, lines(500));
        accepted.then().statusCode(202);
        String id = accepted.jsonPath().getString("id");
        assertThat(accepted.header("Location")).isEqualTo("/v1/batches/" + id);
        assertThat(accepted.jsonPath().getInt("counts.total")).isEqualTo(500);
        assertThat(accepted.jsonPath().getString("status")).isEqualTo("queued");

        JsonNode done = awaitEnd(BatchProfile.DESK, id);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.at("/counts/succeeded").asInt()).isEqualTo(500);
        assertThat(done.at("/counts/failed").asInt()).isZero();
        assertThat(done.at("/counts/pending").asInt()).isZero();
        assertThat(done.at("/usage/llmCalls").asLong()).isEqualTo(500);
        assertThat(done.at("/usage/inputTokens").asLong()).isEqualTo(500 * 700);
        assertThat(backend.requestCount()).isEqualTo(500);

        List<JsonNode> all = results(BatchProfile.DESK, id, 0);
        assertThat(all).hasSize(500);
        for (int n = 1; n <= 500; n++) {
            JsonNode result = all.get(n - 1);
            assertThat(result.get("item").asInt()).isEqualTo(n);
            assertThat(result.get("id").asText()).isEqualTo("art-" + n);
            assertThat(result.get("status").asText()).isEqualTo("succeeded");
            assertThat(result.at("/digest/meetings/0/participants/0/name").asText()).isEqualTo("Marc Delorme");
        }
        List<JsonNode> rest = results(BatchProfile.DESK, id, 480);
        assertThat(rest).hasSize(20);
        assertThat(rest.get(0).get("item").asInt()).isEqualTo(481);
    }

    @Test
    void aJsonArrayIsABatchTooAndTheBatchOptionAppliesToItsItems() throws Exception {
        backend.answers(ANSWER);
        String body = JSON.writeValueAsString(List.of(Map.of("text", ARTICLE, "id", 7),
                Map.of("text", ARTICLE + " Fin.", "includeTranslation", false)));
        Response accepted = given().header("Authorization", "Bearer " + BatchProfile.DESK).contentType("application/json")
                .queryParam("includeTranslation", "true").queryParam("metadata", "{\"desk\":\"maghreb\"}")
                .body(body.getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches");
        accepted.then().statusCode(202);
        String id = accepted.jsonPath().getString("id");
        assertThat(accepted.jsonPath().getString("metadata.desk")).isEqualTo("maghreb");
        awaitEnd(BatchProfile.DESK, id);
        List<JsonNode> all = results(BatchProfile.DESK, id, 0);
        assertThat(all).extracting(r -> r.get("id").asText()).containsExactly("7", "null");
        assertThat(all.get(0).get("id").isInt()).as("an integer id comes back an integer").isTrue();
        // the batch's includeTranslation reached the item that did not say, not the one that said false
        List<String> asked = backend.chatRequests().stream().map(JsonNode::toString).toList();
        assertThat(asked.stream().filter(r -> !r.contains(" Fin.")).findFirst().orElseThrow())
                .contains("Translation: requested");
        assertThat(asked.stream().filter(r -> r.contains(" Fin.")).findFirst().orElseThrow())
                .doesNotContain("Translation: requested");
    }

    @Test
    void aBadLineRefusesTheWholeBatchAndSaysWhichLine() throws Exception {
        String body = line(1) + "\n" + "{\"text\": \"\"}\n" + line(3) + "\n{\"text\": \"x\", \"colour\": 1}\n{not json\n";
        Response refused = submit(BatchProfile.DESK, body);
        refused.then().statusCode(400).contentType("application/problem+json");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:precis:problem:invalid-request");
        assertThat(refused.jsonPath().getString("detail")).isEqualTo("The batch was not accepted: line 2: 'text' is "
                + "required and must not be blank; line 4: Unknown field 'colour'; line 5: The line is not valid JSON.");
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void tooManyItemsOrTooManyBytesIsA413() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int n = 0; n < 601; n++) {
            many.append("{\"text\":\"Le ministre a reçu son homologue.\"}\n");
        }
        Response items = submit(BatchProfile.DESK, many.toString());
        items.then().statusCode(413);
        assertThat(items.jsonPath().getString("type")).isEqualTo("urn:precis:problem:batch-too-large");
        assertThat(items.jsonPath().getString("detail")).contains("600");

        Response bytes = submit(BatchProfile.DESK, "{\"text\":\"" + "a".repeat(2_200_000) + "\"}\n");
        bytes.then().statusCode(413);
        assertThat(bytes.jsonPath().getString("type")).isEqualTo("urn:precis:problem:batch-too-large");
    }

    @Test
    void anLlmOutageMakesItemsWaitNotFailAndDeletingAnEndedBatchRemovesItsResults() throws Exception {
        backend.responds(aResponse().withStatus(503));
        String id = submit(BatchProfile.DESK, lines(4)).then().statusCode(202).extract().jsonPath().getString("id");
        // far more than five tries' worth of backoff (100 ms doubling): an outage is waited out, never a failure
        Eventually.until(Duration.ofSeconds(60), () -> backend.requestCount() >= 40);
        JsonNode during = status(BatchProfile.DESK, id);
        assertThat(during.at("/counts/failed").asInt()).isZero();
        assertThat(during.at("/counts/pending").asInt()).isEqualTo(4);
        // the answer stubbed over the outage (the newest stub wins): a reset between the two would leave an item a
        // moment with no stub at all, a 404 that fails it for good
        backend.answers(ANSWER);
        JsonNode ended = awaitEnd(BatchProfile.DESK, id);
        assertThat(ended.get("status").asText()).isEqualTo("completed");
        assertThat(ended.at("/counts/succeeded").asInt()).isEqualTo(4);

        given().header("Authorization", "Bearer " + BatchProfile.DESK).when().delete("/v1/batches/" + id)
                .then().statusCode(204);
        given().header("Authorization", "Bearer " + BatchProfile.DESK).when().get("/v1/batches/" + id)
                .then().statusCode(404);
        given().header("Authorization", "Bearer " + BatchProfile.DESK).when().get("/v1/batches/" + id + "/results")
                .then().statusCode(404);
    }

    @Test
    void listPagesGoOnWhenTheBatchTheyStartedFromWasDeleted() throws Exception {
        backend.answers(ANSWER);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit(BatchProfile.DESK, lines(1)).then().statusCode(202).extract().jsonPath().getString("id"));
            Thread.sleep(5); // distinct creation times
        }
        for (String id : ids) {
            awaitEnd(BatchProfile.DESK, id);
        }
        String next = given().header("Authorization", "Bearer " + BatchProfile.DESK).queryParam("limit", "1").when()
                .get("/v1/batches").then().statusCode(200).extract().jsonPath().getString("next");
        assertThat(next).endsWith("before=" + ids.get(2));
        given().header("Authorization", "Bearer " + BatchProfile.DESK).when().delete("/v1/batches/" + ids.get(2))
                .then().statusCode(204);
        List<String> older = given().header("Authorization", "Bearer " + BatchProfile.DESK).when().get(next)
                .then().statusCode(200).extract().jsonPath().getList("batches.id");
        assertThat(older).containsExactly(ids.get(1));
    }

    @Test
    void aKeyCannotQueueMoreThanItsShareOfItems() throws Exception {
        // the other key's allowance of 1,200 items waiting: two batches of 600 fit, a third item does not
        backend.responds(LlmBackend.completion(ANSWER, "stop").withFixedDelay(2_000));
        StringBuilder many = new StringBuilder();
        for (int n = 0; n < 600; n++) {
            many.append("{\"text\":\"Le ministre a reçu son homologue, dépêche ").append(n).append(".\"}\n");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(submit(BatchProfile.OTHER, many.toString()).then().statusCode(202).extract().jsonPath().getString("id"));
        }
        Response refused = submit(BatchProfile.OTHER, "{\"text\":\"Le ministre a reçu son homologue.\"}\n");
        refused.then().statusCode(429).header("Retry-After", "60");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:precis:problem:quota-exceeded");
        assertThat(refused.jsonPath().getString("detail")).contains("PRECIS_BATCH_MAX_PENDING_ITEMS_PER_KEY");
        // another key is not affected
        String mine = submit(BatchProfile.DESK, lines(1)).then().statusCode(202).extract().jsonPath().getString("id");
        for (String id : ids) {
            given().header("Authorization", "Bearer " + BatchProfile.OTHER).when().delete("/v1/batches/" + id)
                    .then().statusCode(200);
        }
        for (String id : ids) {
            awaitEnd(BatchProfile.OTHER, id);
        }
        awaitEnd(BatchProfile.DESK, mine);
        submit(BatchProfile.OTHER, "{\"text\":\"Le ministre a reçu son homologue.\"}\n").then().statusCode(202);
    }

    @Test
    void aRetriedSubmissionWithTheSameIdempotencyKeyGetsTheSameBatch() throws Exception {
        backend.answers(ANSWER);
        String body = lines(3);
        Response first = given().header("Authorization", "Bearer " + BatchProfile.DESK).header("Idempotency-Key", "k-1")
                .contentType("application/x-ndjson; charset=utf-8").body(body.getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches");
        first.then().statusCode(202);
        Response again = given().header("Authorization", "Bearer " + BatchProfile.DESK).header("Idempotency-Key", "k-1")
                .contentType("application/x-ndjson; charset=utf-8").body(body.getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches");
        again.then().statusCode(202).header("Idempotent-Replayed", "true");
        assertThat(again.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        Response changed = given().header("Authorization", "Bearer " + BatchProfile.DESK).header("Idempotency-Key", "k-1")
                .contentType("application/x-ndjson; charset=utf-8").body(lines(4).getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches");
        changed.then().statusCode(409);
        assertThat(changed.jsonPath().getString("type")).isEqualTo("urn:precis:problem:idempotency-conflict");
        awaitEnd(BatchProfile.DESK, first.jsonPath().getString("id"));
        assertThat(backend.requestCount()).isEqualTo(3);
    }

    @Test
    void anotherKeySeesNoneOfYourBatches() throws Exception {
        backend.answers(ANSWER);
        String id = submit(BatchProfile.DESK, lines(1)).then().statusCode(202).extract().jsonPath().getString("id");
        for (String path : List.of("/v1/batches/" + id, "/v1/batches/" + id + "/results")) {
            given().header("Authorization", "Bearer " + BatchProfile.OTHER).when().get(path).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().header("Authorization", "Bearer " + BatchProfile.OTHER).when().delete("/v1/batches/" + id)
                .then().statusCode(404);
        assertThat(given().header("Authorization", "Bearer " + BatchProfile.OTHER).when().get("/v1/batches")
                .then().statusCode(200).extract().jsonPath().getList("batches")).isEmpty();
        assertThat(given().header("Authorization", "Bearer " + BatchProfile.DESK).when().get("/v1/batches")
                .then().statusCode(200).extract().jsonPath().getList("batches.id")).contains(id);
        given().when().get("/v1/batches/" + id).then().statusCode(401);
        awaitEnd(BatchProfile.DESK, id);
    }

    @Test
    void cancellingStopsTheItemsNotStartedAndKeepsTheRest() throws Exception {
        backend.responds(LlmBackend.completion(ANSWER, "stop").withFixedDelay(1_000));
        String id = submit(BatchProfile.DESK, lines(60)).then().statusCode(202).extract().jsonPath().getString("id");
        Eventually.until(Duration.ofSeconds(60), () -> backend.requestCount() > 0);
        JsonNode cancelled = JSON.readTree(given().header("Authorization", "Bearer " + BatchProfile.DESK).when()
                .delete("/v1/batches/" + id).then().statusCode(200).extract().asString());
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.at("/counts/cancelled").asInt()).isGreaterThan(0);
        JsonNode ended = awaitEnd(BatchProfile.DESK, id);
        assertThat(ended.get("status").asText()).isEqualTo("cancelled");
        int succeeded = ended.at("/counts/succeeded").asInt();
        assertThat(succeeded + ended.at("/counts/cancelled").asInt()).isEqualTo(60);
        assertThat(backend.requestCount()).isLessThan(60);
        List<JsonNode> all = results(BatchProfile.DESK, id, 0);
        assertThat(all).hasSize(60);
        assertThat(all.stream().filter(r -> r.get("status").asText().equals("cancelled"))).hasSize(60 - succeeded);
    }

    @Test
    void aPassingFailureIsTriedAgainAndAPermanentOneIsRecordedWithItsProblem() throws Exception {
        backend.answersWhenAsked("n° 1.", ANSWER);
        // item 2: the backend refuses it (400): permanent
        backend.server().stubFor(post(urlPathEqualTo(LlmBackend.CHAT_PATH)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("n° 2."))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"bad\"}}")));
        // item 3: unavailable for its first five calls (the gateway's own retries, then the batch's), then fine
        for (int i = 0; i < 6; i++) {
            String state = i == 0 ? Scenario.STARTED : "s" + i;
            backend.server().stubFor(post(urlPathEqualTo(LlmBackend.CHAT_PATH)).atPriority(1).inScenario("item3")
                    .whenScenarioStateIs(state)
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("n° 3."))
                    .willReturn(i < 5 ? aResponse().withStatus(503) : LlmBackend.completion(ANSWER, "stop"))
                    .willSetStateTo(i < 5 ? "s" + (i + 1) : state));
        }
        String id = submit(BatchProfile.DESK, lines(3)).then().statusCode(202).extract().jsonPath().getString("id");
        JsonNode ended = awaitEnd(BatchProfile.DESK, id);
        assertThat(ended.get("status").asText()).isEqualTo("completed");
        assertThat(ended.at("/counts/succeeded").asInt()).isEqualTo(2);
        assertThat(ended.at("/counts/failed").asInt()).isEqualTo(1);
        List<JsonNode> all = results(BatchProfile.DESK, id, 0);
        assertThat(all.get(1).get("status").asText()).isEqualTo("failed");
        assertThat(all.get(1).at("/problem/type").asText()).isEqualTo("urn:precis:problem:llm-rejected");
        assertThat(all.get(1).at("/problem/status").asInt()).isEqualTo(502);
        assertThat(all.get(2).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void theCallbackIsSignedAndRetriedUntilDelivered() throws Exception {
        backend.answers(ANSWER);
        backend.server().stubFor(post(urlPathEqualTo("/hooks/done")).inScenario("hook").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        backend.server().stubFor(post(urlPathEqualTo("/hooks/done")).inScenario("hook").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204)));
        String url = "http://localhost:" + backend.server().port() + "/hooks/done";
        String id = given().header("Authorization", "Bearer " + BatchProfile.DESK).contentType("application/x-ndjson; charset=utf-8")
                .queryParam("callbackUrl", url).body(lines(2).getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches")
                .then().statusCode(202).extract().jsonPath().getString("id");
        Eventually.until(Duration.ofSeconds(120), () -> backend.server().findAll(postRequestedFor(
                urlPathEqualTo("/hooks/done"))).size() >= 2);
        Eventually.until(Duration.ofSeconds(60), () -> {
            try {
                return "delivered".equals(status(BatchProfile.DESK, id).path("callbackState").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String secret = given().header("Authorization", "Bearer " + BatchProfile.DESK).when()
                .get("/v1/batches/signing-secret").then().statusCode(200).extract().jsonPath().getString("secret");
        List<LoggedRequest> calls = backend.server().findAll(postRequestedFor(urlPathEqualTo("/hooks/done")));
        assertThat(calls).hasSize(2);
        for (LoggedRequest call : calls) {
            String body = call.getBodyAsString();
            String header = call.getHeader("Precis-Signature");
            String t = header.substring(2, header.indexOf(','));
            String v1 = header.substring(header.indexOf("v1=") + 3);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(v1).isEqualTo(HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8))));
            assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t))).isLessThan(600);
            JsonNode sent = JSON.readTree(body);
            assertThat(sent.get("id").asText()).isEqualTo(id);
            assertThat(sent.get("status").asText()).isEqualTo("completed");
            assertThat(sent.at("/counts/succeeded").asInt()).isEqualTo(2);
            assertThat(call.getHeader("Precis-Batch-Id")).isEqualTo(id);
        }
        // another key's secret is another secret
        String theirs = given().header("Authorization", "Bearer " + BatchProfile.OTHER).when()
                .get("/v1/batches/signing-secret").then().statusCode(200).extract().jsonPath().getString("secret");
        assertThat(theirs).isNotEqualTo(secret).hasSize(64);
    }

    @Test
    void metadataAndIdsMustBeValidUnicodeAndMetadataComesBackAsGiven() throws Exception {
        backend.answers(ANSWER);
        Response refused = given().header("Authorization", "Bearer " + BatchProfile.DESK)
                .contentType("application/x-ndjson; charset=utf-8").queryParam("metadata", "{\"a\":\"\\ud800\"}")
                .body(lines(1).getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches");
        refused.then().statusCode(400);
        assertThat(refused.jsonPath().getString("detail")).contains("metadata.a").contains("surrogate");
        Response badKey = given().header("Authorization", "Bearer " + BatchProfile.DESK)
                .contentType("application/x-ndjson; charset=utf-8").queryParam("metadata", "{\"a\":{\"\\ud800x\":1}}")
                .body(lines(1).getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches");
        badKey.then().statusCode(400);
        assertThat(badKey.jsonPath().getString("detail")).contains("surrogate");
        Response badId = submit(BatchProfile.DESK, "{\"id\":\"\\ud800x\",\"text\":\"Le ministre a reçu son homologue.\"}\n");
        badId.then().statusCode(400);
        assertThat(badId.jsonPath().getString("detail")).contains("line 1: 'id' must be");
        Response latin1 = given().header("Authorization", "Bearer " + BatchProfile.DESK)
                .contentType("application/x-ndjson; charset=ISO-8859-1").body(lines(1).getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/batches");
        latin1.then().statusCode(415);
        Response kept = given().header("Authorization", "Bearer " + BatchProfile.DESK)
                .contentType("application/x-ndjson; charset=utf-8").queryParam("metadata", "{\"n\": 1e999, \"desk\": \"été\"}")
                .body(lines(1).getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches");
        kept.then().statusCode(202);
        assertThat(kept.header("Location")).isEqualTo("/v1/batches/" + kept.jsonPath().getString("id"));
        assertThat(kept.asString()).contains("\"metadata\":{\"n\": 1e999, \"desk\": \"été\"}");
        awaitEnd(BatchProfile.DESK, kept.jsonPath().getString("id"));
    }

    @Test
    void aReceiverThatDripsItsAnswerHoldsNothing() throws Exception {
        backend.answers(ANSWER);
        backend.server().stubFor(post(urlPathEqualTo("/hooks/drip")).willReturn(aResponse().withStatus(200)
                .withBody("x".repeat(100)).withChunkedDribbleDelay(100, 60_000)));
        String url = "http://localhost:" + backend.server().port() + "/hooks/drip";
        String id = given().header("Authorization", "Bearer " + BatchProfile.DESK)
                .contentType("application/x-ndjson; charset=utf-8").queryParam("callbackUrl", url)
                .body(lines(1).getBytes(StandardCharsets.UTF_8)).when().post("/v1/batches")
                .then().statusCode(202).extract().jsonPath().getString("id");
        // delivered on its status line, long before the minute its body would take
        Eventually.until(Duration.ofSeconds(40), () -> {
            try {
                return "delivered".equals(status(BatchProfile.DESK, id).path("callbackState").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(backend.server().findAll(postRequestedFor(urlPathEqualTo("/hooks/drip")))).hasSize(1);
    }

    @Test
    void aCallbackToAHostNotAllowedIsRefusedAtSubmission() throws Exception {
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://127.0.0.1:9000/q/metrics",
                "http://localhost.evil.example:80/x", "http://localhost:99999/x", "http://localhost:0/x",
                "http://localhost.evil.example/x", "file:///etc/passwd", "http://user:pw@localhost/x")) {
            Response refused = given().header("Authorization", "Bearer " + BatchProfile.DESK)
                    .contentType("application/x-ndjson; charset=utf-8").queryParam("callbackUrl", url).body(lines(1).getBytes(StandardCharsets.UTF_8))
                    .when().post("/v1/batches");
            refused.then().statusCode(400);
            assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:precis:problem:callback-forbidden");
        }
        assertThat(backend.requestCount()).isZero();
    }
}
