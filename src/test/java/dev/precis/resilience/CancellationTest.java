package dev.precis.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.support.SilentBackend;
import dev.precis.support.TestTexts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client that disconnects cancels its LLM call: the backend sees the connection closed, not left waiting. */
@QuarkusTest
@TestProfile(CancellationTest.SilentBackendProfile.class)
class CancellationTest {

    static final SilentBackend BACKEND = SilentBackend.start();

    public static class SilentBackendProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("precis.llm.provider", "openai", "precis.llm.base-url", BACKEND.baseUrl(), "precis.llm.timeout", "120s",
                    "precis.cache.max-entries", "0");
        }
    }

    @Test
    void disconnectingAbortsTheUpstreamCall() throws Exception {
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("text", TestTexts.article("phone-call")));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/digests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertThat(BACKEND.received().await(20, TimeUnit.SECONDS)).as("the LLM call started").isTrue();
        }
        // The backend would have held the call for up to the 120 s timeout had nobody cancelled it.
        assertThat(BACKEND.abandoned().await(10, TimeUnit.SECONDS)).as("the LLM call was aborted").isTrue();
    }
}
