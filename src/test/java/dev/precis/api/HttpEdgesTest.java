package dev.precis.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.LogCapture;
import dev.precis.support.RawHttp;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client controls below the body — media type, encoding, request line, header size, body framing — is
 * answered with the right 4xx problem+json, never reaches the LLM, leaves no ERROR line or stack trace in our log,
 * and a body that is not going to be read does not keep its connection open.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class HttpEdgesTest extends LlmBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ARTICLE = "{\"text\": \"Le ministre a reçu son homologue.\"}".getBytes(StandardCharsets.UTF_8);

    private LogCapture log;

    @BeforeEach
    void captureLog() {
        backend.answers(TestTexts.answer("no-meeting"));
        log = LogCapture.start();
    }

    @AfterEach
    void nothingReachedTheLlmAndNothingAlarmingWasLogged() {
        log.stop();
        assertThat(backend.requestCount()).as("requests that reached the LLM backend").isZero();
        assertThat(log.errorsAndStackTraces()).as("ERROR lines and stack traces in the log").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", ";", "a/b/c", "", "/", "application/", "text/plain; charset",
            "text/plain; charset=\"utf-8", "text/plain; =x", "application/json; a=b; a=c", "text/plain\u00ff"})
    void aMalformedContentTypeIs415(String contentType) {
        assertProblem(post(Map.of("Content-Type", contentType), ARTICLE), 415, "unsupported-media-type");
    }

    @Test
    void aBodyWithoutAContentTypeOrWithARangeForOneIs415() {
        assertProblem(RawHttp.exchange(RestAssured.port, "POST", "/v1/digests", Map.of(), ARTICLE), 415,
                "unsupported-media-type");
        for (String range : List.of("*/*", "application/*")) {
            assertProblem(post(Map.of("Content-Type", range), ARTICLE), 415, "unsupported-media-type");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {";", "a/b/c", "%%%;;;", "application/json;;q"})
    void aMalformedAcceptIs406(String accept) {
        assertProblem(post(Map.of("Content-Type", "application/json", "Accept", accept), ARTICLE), 406, "not-acceptable");
    }

    @Test
    void aQueryParameterGivenTwiceOrAYearOfMoreThanFourDigitsIs400() {
        RawHttp.Response twice = RawHttp.exchange(RestAssured.port, "POST",
                "/v1/digests?includeTranslation=true&includeTranslation=false", Map.of("Content-Type", "text/plain"),
                "Le ministre a reçu son homologue.".getBytes(StandardCharsets.UTF_8));
        assertProblem(twice, 400, "invalid-request");
        assertThat(detail(twice)).contains("'includeTranslation' is given 2 times");
        byte[] farDate = "{\"text\": \"Le ministre a reçu son homologue.\", \"publishedAt\": \"+999999999-01-01\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertProblem(post(Map.of("Content-Type", "application/json"), farDate), 400, "invalid-request");
    }

    @Test
    void overlongUtf8InAJsonBodyIs400() {
        byte[] overlong = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', 'a', (byte) 0xC0, (byte) 0xAF, 'b', '"', '}'};
        RawHttp.Response response = post(Map.of("Content-Type", "application/json"), overlong);
        assertProblem(response, 400, "invalid-request");
        assertThat(detail(response)).isEqualTo("The body is not valid UTF-8.");
    }

    @Test
    void aClientThatLeavesMidUploadLeavesNoErrorBehind() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("POST /v1/digests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 500\r\n\r\n{\"text\": \"Le").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }
        // The server notices the closed connection in the background; give it a moment before the log is checked.
        Thread.sleep(1_000);
    }

    /** Each method name and path a client invents would be a metric series kept for ever: they are pooled. */
    @Test
    void inventedMethodsAndPathsDoNotGrowTheMetrics() {
        for (int i = 0; i < 20; i++) {
            RawHttp.exchange(RestAssured.port, "XMETHOD" + i, "/v1/digests", Map.of(), null);
            RawHttp.exchange(RestAssured.port, "GET", "/junk-path-" + i, Map.of(), null);
        }
        String metrics = RawHttp.exchange(dev.precis.support.Management.port(), "GET", "/q/metrics", Map.of(), null).body();
        assertThat(metrics).doesNotContain("XMETHOD").doesNotContain("junk-path").contains("method=\"OTHER\"");
    }

    @Test
    void twoContentTypesAre415() {
        RawHttp.Response response = RawHttp.exchange(RestAssured.port, "POST", "/v1/digests",
                Map.of("Content-Type", "application/json\r\nContent-Type: text/plain"), ARTICLE);
        assertProblem(response, 415, "unsupported-media-type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "gzip, identity", "x-anything"})
    void aCompressedBodyIs415(String encoding) {
        RawHttp.Response response = post(Map.of("Content-Type", "application/json", "Content-Encoding", encoding), ARTICLE);
        assertProblem(response, 415, "unsupported-media-type");
        assertThat(detail(response)).contains("uncompressed");
    }

    @Test
    void anUnknownCharsetAndJsonThatIsNotUtf8Are415() {
        assertProblem(post(Map.of("Content-Type", "text/plain; charset=x-klingon"), "Qapla'".getBytes(StandardCharsets.US_ASCII)),
                415, "unsupported-media-type");
        assertProblem(post(Map.of("Content-Type", "application/json; charset=ISO-8859-1"), ARTICLE), 415,
                "unsupported-media-type");
    }

    @Test
    void aLoneSurrogateIs400NamingTheField() {
        byte[] body = "{\"text\": \"Le ministre \\ud800 a reçu son homologue.\"}".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response response = post(Map.of("Content-Type", "application/json"), body);
        assertProblem(response, 400, "invalid-request");
        assertThat(detail(response)).contains("'text'").contains("surrogate");
        byte[] title = "{\"text\": \"Le ministre a reçu son homologue.\", \"title\": \"\\udfff\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(detail(post(Map.of("Content-Type", "application/json"), title))).contains("'title'");
    }

    @Test
    void aLongRequestTargetIs414AndLargeHeadersAre431() {
        RawHttp.Response uri = RawHttp.exchange(RestAssured.port, "GET", "/v1/backends?x=" + "a".repeat(5_000), Map.of(), null);
        assertProblem(uri, 414, "uri-too-long");
        RawHttp.Response headers = RawHttp.exchange(RestAssured.port, "GET", "/v1/backends",
                Map.of("X-Padding", "a".repeat(25_000)), null);
        assertProblem(headers, 431, "headers-too-large");
    }

    @Test
    void aHugeDeclaredBodyIs413AndItsConnectionIsClosed() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/digests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 99999999999\r\n\r\n{\"text\": \"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.Response response = RawHttp.read(socket.getInputStream(), false);
            assertProblem(response, 413, "body-too-large");
            assertThat(RawHttp.closesWithin(socket, 10)).as("connection closed by the server").isTrue();
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndItsConnectionIsClosed() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/digests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writeChunk(out, "{\"text\": \"".getBytes(StandardCharsets.US_ASCII));
            byte[] filler = "a".repeat(65_536).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 17; i++) {
                writeChunk(out, filler);
            }
            // No last chunk: the server must answer without waiting for the rest.
            RawHttp.Response response = RawHttp.read(socket.getInputStream(), false);
            assertProblem(response, 413, "body-too-large");
            assertThat(RawHttp.closesWithin(socket, 10)).as("connection closed by the server").isTrue();
        }
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static RawHttp.Response post(Map<String, String> headers, byte[] body) {
        return RawHttp.exchange(RestAssured.port, "POST", "/v1/digests", headers, body);
    }

    private static void assertProblem(RawHttp.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = parse(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:precis:problem:" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).doesNotContain("Exception").doesNotContain("dev.precis");
    }

    private static String detail(RawHttp.Response response) {
        return parse(response).path("detail").asText();
    }

    private static JsonNode parse(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
