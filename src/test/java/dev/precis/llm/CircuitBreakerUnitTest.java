package dev.precis.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerUnitTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

    @Test
    void eachTransitionIsLoggedOnceWithTheBackendsNameAndHost() {
        CircuitBreaker named = new CircuitBreaker("primary (llm.internal:8000)", 2, Duration.ofSeconds(10), now::get);
        LogCapture log = LogCapture.start();
        try {
            named.onFailure();
            named.onFailure();
            named.onFailure();
            assertThat(named.refusal()).isPresent();
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            assertThat(named.refusal()).isEmpty();
            named.onSuccess();
            named.onSuccess();
        } finally {
            log.stop();
        }
        assertThat(log.text().lines().filter(line -> line.contains("primary (llm.internal:8000)")).toList())
                .as("opened, half-open, closed: one line each")
                .hasSize(3)
                .anySatisfy(line -> assertThat(line).contains("opened").contains("2 consecutive failures"))
                .anySatisfy(line -> assertThat(line).contains("half-open"))
                .anySatisfy(line -> assertThat(line).contains("closed"));
    }

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.refusal()).contains(Duration.ofSeconds(10));
    }

    @Test
    void halfOpenLetsOneProbeThroughAndItsOutcomeDecides() {
        open();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.refusal()).as("the probe").isEmpty();
        assertThat(breaker.refusal()).as("a second call while the probe runs").isPresent();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.refusal()).isEmpty();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.refusal()).isEmpty();
    }

    @Test
    void anAbandonedProbeFreesTheSlot() {
        open();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.refusal()).isEmpty();
        breaker.onAbandoned();
        assertThat(breaker.refusal()).isEmpty();
    }

    @Test
    void openForCountsDownWithoutTakingTheProbe() {
        open();
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(breaker.openFor()).contains(Duration.ofSeconds(6));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(breaker.openFor()).isEmpty();
        assertThat(breaker.refusal()).isEmpty();
    }

    private void open() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onFailure();
    }
}
