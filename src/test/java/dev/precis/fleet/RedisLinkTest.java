package dev.precis.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precis.config.RedisUrl;
import dev.precis.support.Eventually;
import dev.precis.support.FakeRedis;
import dev.precis.support.LogCapture;
import dev.precis.support.Redis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The link's own breaker: a Redis that accepts connections and never answers costs one bounded wait, then nothing
 * while it is down; the change of state is one WARN line and the gauge; when Redis answers again, it is used again.
 */
class RedisLinkTest {

    @org.junit.jupiter.api.BeforeAll
    static void needsRedis() {
        Redis.assumeAvailable();
    }

    @Test
    void aRedisThatNeverAnswersCostsOneBoundedWaitThenNothingUntilItIsBack() throws Exception {
        List<Socket> held = new ArrayList<>();
        LogCapture log = LogCapture.start();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            RedisLink link = new RedisLink(Optional.of(RedisUrl.parse("redis://127.0.0.1:" + silent.getLocalPort())),
                    Duration.ofMillis(200), 4, Redis.prefix(), registry);
            long started = System.nanoTime();
            assertThatThrownBy(() -> link.call(redis -> redis.ping())).isInstanceOf(SharedStateUnavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by PRECIS_REDIS_TIMEOUT, with room")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(link.state()).isEqualTo(RedisLink.State.DOWN);
            assertThat(registry.get("precis.redis.up").gauge().value()).isZero();

            started = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertThatThrownBy(() -> link.call(redis -> redis.ping())).isInstanceOf(SharedStateUnavailable.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait while it is down")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(log.text().split("is unreachable", -1)).as("one WARN line for the change").hasSize(2);
            link.close();
        } finally {
            log.stop();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aRedisThatComesBackIsUsedAgainWithoutAnyRequestToProbeIt() throws Exception {
        LogCapture log = LogCapture.start();
        try (Redis.Server server = new Redis.Server()) {
            RedisLink link = new RedisLink(Optional.of(RedisUrl.parse(server.url())), Duration.ofMillis(200), 4,
                    Redis.prefix(), new SimpleMeterRegistry());
            assertThatThrownBy(() -> link.call(redis -> redis.ping())).isInstanceOf(SharedStateUnavailable.class);
            assertThat(link.state()).isEqualTo(RedisLink.State.DOWN);
            assertThat(link.problem()).isNotBlank();
            server.start();
            Eventually.until(Duration.ofSeconds(20), () -> link.state() == RedisLink.State.UP);
            String pong = link.call(redis -> redis.ping());
            assertThat(pong).isEqualTo("PONG");
            assertThat(log.text()).contains("reachable again");
            link.close();
        } finally {
            log.stop();
        }
    }

    @Test
    void anAnswerOfTheWrongShapeIsTakenAsRedisDownNotAsAnError() throws Exception {
        for (String raw : List.of(":1\r\n", "*0\r\n", "*-1\r\n", "*3\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n",
                "$2147483647\r\n", "*2000000000\r\n", "*1\r\n".repeat(20_000))) {
            try (FakeRedis redis = new FakeRedis().answersScripts(raw)) {
                RedisLink link = new RedisLink(Optional.of(RedisUrl.parse(redis.url())), Duration.ofMillis(250), 4,
                        Redis.prefix(), new SimpleMeterRegistry());
                SharedQuotas quotas = new SharedQuotas(link, null);
                SharedAnswers answers = new SharedAnswers(link, Duration.ofSeconds(10), Duration.ofHours(1), 100);
                String shown = raw.substring(0, Math.min(20, raw.length()));
                assertThatThrownBy(() -> quotas.admit("alice", 5, "r1")).as(shown)
                        .isInstanceOf(SharedStateUnavailable.class);
                assertThat(link.state()).as(shown).isEqualTo(RedisLink.State.DOWN);
                assertThatThrownBy(() -> answers.step("k")).as(shown).isInstanceOf(SharedStateUnavailable.class);
                answers.close();
                link.close();
            }
        }
    }

    @Test
    void aRedisThatAnswersPingButGarblesScriptsStaysDownWithoutFlapping() throws Exception {
        LogCapture log = LogCapture.start();
        try (FakeRedis redis = new FakeRedis().answersScripts(":1\r\n")) {
            RedisLink link = new RedisLink(Optional.of(RedisUrl.parse(redis.url())), Duration.ofMillis(250), 4,
                    Redis.prefix(), new SimpleMeterRegistry());
            assertThatThrownBy(() -> new SharedQuotas(link, null).admit("alice", 5, "r1"))
                    .isInstanceOf(SharedStateUnavailable.class);
            Thread.sleep(3_500); // three of the timer's probes
            assertThat(link.state()).isEqualTo(RedisLink.State.DOWN);
            assertThat(log.text()).doesNotContain("reachable again");
            link.close();
        } finally {
            log.stop();
        }
    }

    @Test
    void anAnswerTrickledByteByByteIsCutOffAtTheTimeout() throws Exception {
        try (FakeRedis redis = new FakeRedis().answersScripts("*2\r\n:1\r\n:5\r\n").trickles(150)) {
            RedisLink link = new RedisLink(Optional.of(RedisUrl.parse(redis.url())), Duration.ofMillis(250), 4,
                    Redis.prefix(), new SimpleMeterRegistry());
            long started = System.nanoTime();
            assertThatThrownBy(() -> new SharedQuotas(link, null).admit("alice", 5, "r1"))
                    .isInstanceOf(SharedStateUnavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the whole answer, not each read, is bounded")
                    .isLessThan(Duration.ofMillis(1_500));
            assertThat(link.state()).isEqualTo(RedisLink.State.DOWN);
            link.close();
        }
    }

    @Test
    void aRedisThatRefusesOurPasswordIsDownAndSaysWhy() throws Exception {
        try (Redis.Server server = new Redis.Server("--requirepass", "right-password").start()) {
            RedisLink link = new RedisLink(Optional.of(RedisUrl.parse("redis://:wrong-password@127.0.0.1:" + server.port())),
                    Duration.ofMillis(500), 4, Redis.prefix(), new SimpleMeterRegistry());
            assertThatThrownBy(() -> link.call(redis -> redis.ping())).isInstanceOf(SharedStateUnavailable.class);
            assertThat(link.state()).isEqualTo(RedisLink.State.DOWN);
            assertThat(link.problem()).contains("refused").doesNotContain("wrong-password");
            link.close();
        }
    }

    @Test
    void withoutAUrlTheLinkIsOffAndCostsNothing() {
        RedisLink link = new RedisLink(Optional.empty(), Duration.ofMillis(200), 4, "p:", new SimpleMeterRegistry());
        assertThat(link.state()).isEqualTo(RedisLink.State.OFF);
        assertThatThrownBy(() -> link.call(redis -> redis.ping())).isInstanceOf(SharedStateUnavailable.class);
        link.close();
    }
}
