package dev.precis.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.precis.deadline.Deadline;
import dev.precis.deadline.RequestCancelledException;
import dev.precis.llm.provider.Provider;
import dev.precis.support.ProviderDouble;
import dev.precis.support.SilentBackend;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The resilience guarantees, the same under every provider: our retries (LangChain4j's are off: one server hit per
 * attempt), the backend's Retry-After, a hard limit over a hung or dripping exchange, connection resets, the breaker,
 * cancellation seen on the wire, and a fallback of another provider. Time bounds only catch waits that should not be.
 */
class ProviderResilienceTest {

    private static final String ANSWER = "{\"headline\": \"Talks\", \"summary\": \"They met.\", \"meetings\": []}";
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort().containerThreads(32).asynchronousResponseEnabled(true));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void a429IsWaitedOutAsTheBackendAsksThenRetried(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        llm.respondsInTurn(aResponse().withStatus(429).withHeader("Retry-After", "1"), llm.completion(ANSWER, false, 1, 1, 0));
        long started = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        LlmReply reply = call(gateway(llm, Map.of()), Duration.ofSeconds(20), attempts);
        assertThat(reply.text()).isEqualTo(ANSWER);
        assertThat(llm.requests()).as("one hit per attempt: no retry of LangChain4j's own").hasSize(2);
        assertThat(attempts).hasValue(2);
        assertThat(elapsedMs(started)).as("waited as asked").isGreaterThanOrEqualTo(1_000);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void a429WhoseWaitOutlastsTheDeadlineIsPassedOnWithItsRetryAfter(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        llm.responds(aResponse().withStatus(429).withHeader("Retry-After", "120"));
        assertThatThrownBy(() -> call(gateway(llm, Map.of()), Duration.ofSeconds(10), new AtomicInteger()))
                .isInstanceOfSatisfying(LlmCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(LlmFailure.OVERLOADED);
                    assertThat(e.backendStatus()).isEqualTo(429);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                });
        assertThat(llm.requests()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void serverErrorsAndResetsAreRetried(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        llm.respondsInTurn(aResponse().withStatus(503), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.EMPTY_RESPONSE), llm.completion(ANSWER, false, 1, 1, 0));
        AtomicInteger attempts = new AtomicInteger();
        assertThat(call(gateway(llm, Map.of()), Duration.ofSeconds(20), attempts).text()).isEqualTo(ANSWER);
        assertThat(attempts).hasValue(4);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aHungOrDrippingBackendIsCutAtTheAttemptLimit(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        Map<String, String> settings = Map.of("precis.llm.timeout", "700ms", "precis.llm.max-retries", "1");

        llm.responds(llm.completion(ANSWER, false, 1, 1, 0).withFixedDelay(20_000));
        long started = System.nanoTime();
        assertThatThrownBy(() -> call(gateway(llm, settings), Duration.ofSeconds(30), new AtomicInteger()))
                .isInstanceOfSatisfying(LlmCallException.class, e -> assertThat(e.failure()).isEqualTo(LlmFailure.TIMEOUT));
        // Generous for a busy machine, and still shorter than one attempt that was not cut.
        assertThat(elapsedMs(started)).as("two attempts of 0.7 s, not 20 s").isLessThan(19_000);

        server.resetAll();
        // A byte now and then keeps an idle timeout waiting for ever; ours is over the whole exchange.
        llm.responds(llm.completion(ANSWER, false, 1, 1, 0).withChunkedDribbleDelay(40, 20_000));
        started = System.nanoTime();
        assertThatThrownBy(() -> call(gateway(llm, settings), Duration.ofSeconds(30), new AtomicInteger()))
                .isInstanceOfSatisfying(LlmCallException.class, e -> assertThat(e.failure()).isEqualTo(LlmFailure.TIMEOUT));
        assertThat(elapsedMs(started)).isLessThan(19_000);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void refusalsAreNotRetriedAndAContextErrorIsToldApart(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        llm.responds(aResponse().withStatus(401).withBody("{\"error\": \"invalid key\"}"));
        assertThatThrownBy(() -> call(gateway(llm, Map.of()), Duration.ofSeconds(10), new AtomicInteger()))
                .isInstanceOfSatisfying(LlmCallException.class, e -> assertThat(e.failure()).isEqualTo(LlmFailure.REJECTED));
        assertThat(llm.requests()).hasSize(1);

        server.resetAll();
        llm.responds(aResponse().withStatus(400).withBody("{\"error\": {\"message\": \"This model's maximum context length is 8192 tokens\"}}"));
        assertThatThrownBy(() -> call(gateway(llm, Map.of()), Duration.ofSeconds(10), new AtomicInteger()))
                .isInstanceOfSatisfying(LlmCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(LlmFailure.CONTEXT_TOO_LONG));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void theBreakerOpensAfterRepeatedFailuresAndRefusesWithoutCalling(Provider provider) {
        ProviderDouble llm = new ProviderDouble(provider, server, "");
        llm.responds(aResponse().withStatus(503));
        LlmGateway gateway = gateway(llm, Map.of("precis.llm.max-retries", "0", "precis.breaker.failure-threshold", "2",
                "precis.breaker.open-duration", "60s"));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> call(gateway, Duration.ofSeconds(10), new AtomicInteger()))
                    .isInstanceOf(LlmCallException.class);
        }
        assertThatThrownBy(() -> call(gateway, Duration.ofSeconds(10), new AtomicInteger()))
                .isInstanceOfSatisfying(LlmCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(LlmFailure.CIRCUIT_OPEN);
                    assertThat(e.retryAfter()).isPresent();
                });
        assertThat(llm.requests()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aFallbackOfAnotherProviderTakesOver(Provider provider) {
        ProviderDouble primary = new ProviderDouble(provider, server, "/primary");
        Provider other = Provider.values()[(provider.ordinal() + 1) % Provider.values().length];
        ProviderDouble fallback = new ProviderDouble(other, server, "/fallback");
        primary.responds(aResponse().withStatus(503));
        fallback.answers(ANSWER);
        Map<String, String> settings = new HashMap<>(primary.settings(false));
        settings.putAll(fallback.settings(true));
        settings.put("precis.llm.max-retries", "1");

        LlmReply reply = call(Gateways.of(settings), Duration.ofSeconds(20), new AtomicInteger());
        assertThat(reply.backend()).isEqualTo("fallback");
        assertThat(primary.requests()).hasSize(2);
        assertThat(fallback.requests()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void cancellingTheCallerClosesTheConnection(Provider provider) throws Exception {
        SilentBackend silent = SilentBackend.start();
        String base = switch (provider) {
            case OLLAMA -> silent.root();
            case GEMINI -> silent.root() + "/v1beta";
            default -> silent.baseUrl();
        };
        LlmGateway gateway = Gateways.of(Map.of("precis.llm.provider", provider.setting(), "precis.llm.base-url", base,
                "precis.llm.model", ProviderDouble.MODEL, "precis.llm.api-key", ProviderDouble.KEY,
                "precis.llm.timeout", "120s"));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                call(gateway, Duration.ofSeconds(120), new AtomicInteger());
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        assertThat(silent.received().await(20, TimeUnit.SECONDS)).as("the call went out").isTrue();
        caller.interrupt();
        assertThat(silent.abandoned().await(10, TimeUnit.SECONDS)).as("the backend saw the connection close").isTrue();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(RequestCancelledException.class);
    }

    private static LlmGateway gateway(ProviderDouble llm, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(llm.settings(false));
        settings.putAll(extra);
        return Gateways.of(settings);
    }

    private static LlmReply call(LlmGateway gateway, Duration deadline, AtomicInteger attempts) {
        LlmCall call = new LlmCall(List.of(ChatTurn.system("Extract."), ChatTurn.user("<article>x</article>")), "digest",
                new ObjectMapper().createObjectNode().put("type", "object"), "Answer in JSON.", 256);
        return gateway.complete(call, Deadline.after(deadline), attempts);
    }

    private static long elapsedMs(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
