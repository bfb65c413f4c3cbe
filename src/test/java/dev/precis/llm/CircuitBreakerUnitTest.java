package dev.precis.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerUnitTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

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
