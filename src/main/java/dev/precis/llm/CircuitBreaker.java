package dev.precis.llm;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A circuit breaker for one backend. After {@code failureThreshold} consecutive failures it opens: calls are refused
 * at once, without touching the backend, for {@code openDuration}. Then one probe call is let through (half-open):
 * its success closes the breaker, its failure opens it again.
 */
public final class CircuitBreaker {

    /** In this order, so that the ordinal is the metric value: 0 closed, 1 half-open, 2 open. */
    public enum State {
        CLOSED, HALF_OPEN, OPEN
    }

    private static final Logger LOG = Logger.getLogger(CircuitBreaker.class);

    private final String label;
    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probeInFlight;

    public CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
        this("backend", failureThreshold, openDuration, nanoClock);
    }

    /** @param label how the log names the backend, for example {@code primary (api.anthropic.com)} */
    public CircuitBreaker(String label, int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
        this.label = label;
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Empty when a call may go ahead; otherwise how long until the breaker lets a probe through. */
    public synchronized Optional<Duration> refusal() {
        if (state == State.OPEN) {
            long waited = nanoClock.getAsLong() - openedAt;
            if (waited < openNanos) {
                return Optional.of(Duration.ofNanos(openNanos - waited));
            }
            state = State.HALF_OPEN;
            LOG.infof("Circuit of %s is half-open: one probe call goes through", label);
        }
        if (state == State.HALF_OPEN) {
            if (probeInFlight) {
                return Optional.of(Duration.ofSeconds(1));
            }
            probeInFlight = true;
        }
        return Optional.empty();
    }

    public synchronized void onSuccess() {
        if (state != State.CLOSED) {
            LOG.infof("Circuit of %s closed: the probe call succeeded", label);
        }
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.OPEN) {
            // A call begun before the breaker opened: it must not stretch the open period.
            return;
        }
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            LOG.warnf("Circuit of %s opened after %s: calls to it are refused for %d s", label,
                    state == State.HALF_OPEN ? "its probe call failed" : consecutiveFailures + " consecutive failures",
                    Math.max(1, TimeUnit.NANOSECONDS.toSeconds(openNanos)));
            state = State.OPEN;
            openedAt = nanoClock.getAsLong();
        }
        probeInFlight = false;
    }

    /** A call that ended without telling anything about the backend's health (cancelled by our client). */
    public synchronized void onAbandoned() {
        probeInFlight = false;
    }

    /** How much longer the breaker stays open, if it is open; unlike {@link #refusal()}, takes no probe slot. */
    public synchronized Optional<Duration> openFor() {
        long left = openNanos - (nanoClock.getAsLong() - openedAt);
        return state == State.OPEN && left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= openNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
