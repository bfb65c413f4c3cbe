package dev.precis.llm;

import dev.precis.deadline.RequestCancelledException;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.deadline.Deadline;
import dev.precis.config.PrecisConfig;
import dev.precis.llm.provider.BackendConfig;
import dev.precis.llm.provider.BackendSettings;
import dev.precis.llm.provider.ChatBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The one way the pipeline calls an LLM: load shedding, then the primary backend with retries (exponential
 * backoff with jitter, Retry-After honoured when it fits the deadline) behind its circuit breaker, then the
 * fallback backend the same way when one is configured. Every HTTP attempt is one call in {@code usage.llmCalls}.
 */
@Startup
@ApplicationScoped
public class LlmGateway {

    private static final Logger LOG = Logger.getLogger(LlmGateway.class);

    /** A backend and the breaker that guards it. */
    public record Backend(ChatBackend client, CircuitBreaker breaker) {
    }

    private final List<Backend> backends;
    private final AdmissionControl admission;
    private final Backoff backoff;
    private final int maxRetries;
    private final Duration attemptTimeout;
    private final LlmMetrics metrics;

    LlmGateway(PrecisConfig config, MeterRegistry registry, NanoClock clock) {
        PrecisConfig.Llm llm = config.llm();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(llm.timeout())
                // The client's own steps (reading a response, completing its future) run on its selector thread:
                // they are short and never block (BoundedResponse only copies bytes), and a thread per step would add
                // hand-offs to every call (measured: bench/run.sh, BENCHMARKS.md).
                .executor(Runnable::run)
                .build();
        this.backends = new ArrayList<>();
        for (BackendSettings settings : BackendConfig.of(llm)) {
            ChatBackend client = ChatBackend.of(settings, http);
            backends.add(new Backend(client, new CircuitBreaker(client.name() + " (" + client.host() + ")",
                    config.breaker().failureThreshold(), config.breaker().openDuration(), clock)));
        }
        this.admission = new AdmissionControl(config.maxConcurrentLlmCalls(), config.maxQueuedLlmCalls(),
                config.llmQueueWait(), batchSlots(config));
        this.backoff = new Backoff(llm.retryBaseDelay(), llm.retryMaxDelay());
        this.maxRetries = llm.maxRetries();
        this.attemptTimeout = llm.timeout();
        this.metrics = new LlmMetrics(registry);
        backends.forEach(backend -> metrics.watch(backend.client(), backend.breaker()));

        metrics.watch(admission);
    }

    /**
     * LLM calls batch items may hold at once on this replica: {@code PRECIS_BATCH_SHARE} percent of {@code
     * PRECIS_MAX_CONCURRENT_LLM_CALLS}, at least one when the share is above 0.
     */
    public static int batchSlots(PrecisConfig config) {
        int share = config.batch().share();
        return share == 0 ? 0 : Math.max(1, config.maxConcurrentLlmCalls() * share / 100);
    }

    public List<Backend> backends() {
        return List.copyOf(backends);
    }

    /** The model of the primary backend: part of what identifies a cached answer. */
    public String primaryModel() {
        return backends.get(0).client().model();
    }

    /**
     * @throws LlmCallException when no backend produced an answer (with the wait to advise, where one applies)
     * @throws LoadShedException when too many calls are under way and waiting
     * @throws DeadlineExceededException when the request's deadline ran out
     * @throws RequestCancelledException when the calling thread was interrupted (the client went away)
     * @param attempts counts every HTTP attempt made, failed ones included
     */
    public LlmReply complete(LlmCall call, Deadline deadline, AtomicInteger attempts) {
        failFastWhenEveryBreakerIsOpen();
        Retries retries = new Retries();
        LlmCallException last = null;
        for (int i = 0; i < backends.size(); i++) {
            if (i > 0) {
                metrics.fallback();
                LOG.warnf("Falling back to %s after: %s", backends.get(i).client().name(), last.getMessage());
            }
            try {
                return withRetries(backends.get(i), call, deadline, attempts, retries);
            } catch (LlmCallException e) {
                if (!switchesToFallback(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** A turn for one attempt: released before any backoff, so waiting calls do not hold the slots. */
    private AdmissionControl.Permit enter(Deadline deadline) {
        try {
            return admission.enter(deadline);
        } catch (InterruptedException e) {
            throw new RequestCancelledException();
        } catch (LoadShedException e) {
            if (deadline.expired()) {
                throw new DeadlineExceededException();
            }
            metrics.shed();
            throw e;
        }
    }

    /** An open circuit is answered before anything else, without waiting for a turn. */
    private void failFastWhenEveryBreakerIsOpen() {
        Optional<Duration> soonest = Optional.empty();
        for (Backend backend : backends) {
            Optional<Duration> closedIn = backend.breaker().openFor();
            if (closedIn.isEmpty()) {
                return;
            }
            soonest = soonest.filter(d -> d.compareTo(closedIn.get()) <= 0).or(() -> closedIn);
        }
        throw new LlmCallException(LlmFailure.CIRCUIT_OPEN, null, soonest.orElseThrow(), "every circuit is open", null);
    }

    /** Failures that a second backend may not share: its own outage, or ours with it. */
    private static boolean switchesToFallback(LlmCallException e) {
        return e.failure().retryable() || e.failure() == LlmFailure.CIRCUIT_OPEN;
    }

    private LlmReply withRetries(Backend backend, LlmCall call, Deadline deadline, AtomicInteger attempts,
            Retries retries) {
        for (int retry = 0; ; retry++) {
            Optional<Duration> refused = backend.breaker().refusal();
            if (refused.isPresent()) {
                throw new LlmCallException(LlmFailure.CIRCUIT_OPEN, null, refused.get(),
                        backend.client().name() + " circuit is open", null);
            }
            if (deadline.expired()) {
                backend.breaker().onAbandoned();
                throw new DeadlineExceededException();
            }
            try (AdmissionControl.Permit permit = enter(deadline)) {
                attempts.incrementAndGet();
                return attempt(backend, call, deadline);
            } catch (LlmCallException e) {
                if (deadline.expired()) {
                    throw new DeadlineExceededException();
                }
                // The backend's Retry-After is honoured, but never below our own backoff: "Retry-After: 0" from a
                // struggling backend must not turn retries into a burst.
                Duration backoffWait = backoff.delay(retries.count, ThreadLocalRandom.current());
                Duration wait = e.retryAfter().filter(asked -> asked.compareTo(backoffWait) > 0).orElse(backoffWait);
                if (!e.failure().retryable() || retry == maxRetries) {
                    throw e.withRetryAfter(e.retryAfter().orElse(wait));
                }
                if (wait.compareTo(deadline.remaining()) >= 0) {
                    // Waiting would outlast the deadline: say so now rather than at the deadline.
                    throw e.withRetryAfter(wait);
                }
                retries.count++;
                metrics.retry(backend.client());
                LOG.warnf("LLM attempt failed, retrying in %d ms: %s", wait.toMillis(), e.getMessage());
                pause(wait);
            }
        }
    }

    /**
     * One HTTP attempt, and what it tells the breaker. Whatever ends the attempt, the breaker hears of it: a
     * half-open probe slot that nobody releases would keep the breaker from ever closing.
     */
    private LlmReply attempt(Backend backend, LlmCall call, Deadline deadline) {
        Duration timeout = deadline.cap(attemptTimeout);
        if (timeout.isZero()) {
            backend.breaker().onAbandoned();
            throw new DeadlineExceededException();
        }
        boolean cappedByDeadline = timeout.compareTo(attemptTimeout) < 0;
        long started = System.nanoTime();
        boolean reported = false;
        try {
            LlmReply reply = backend.client().call(call, timeout);
            backend.breaker().onSuccess();
            reported = true;
            metrics.attempt(backend.client(), "ok", Duration.ofNanos(System.nanoTime() - started));
            metrics.tokens(backend.client(), reply);
            return reply;
        } catch (LlmCallException e) {
            metrics.attempt(backend.client(), e.failure().name().toLowerCase(), Duration.ofNanos(System.nanoTime() - started));
            if (e.failure() == LlmFailure.TIMEOUT && cappedByDeadline) {
                // Cut short by our own deadline, not slow by its own fault: no verdict on the backend.
                throw new DeadlineExceededException();
            }
            if (e.failure().backendFault()) {
                backend.breaker().onFailure();
            } else {
                backend.breaker().onSuccess();
            }
            reported = true;
            throw e;
        } finally {
            if (!reported) {
                backend.breaker().onAbandoned();
            }
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            throw new RequestCancelledException();
        }
    }

    /** Retries made for one call, across backends: the backoff keeps growing after a switch. */
    private static final class Retries {
        int count;
    }
}
