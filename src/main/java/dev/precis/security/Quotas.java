package dev.precis.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-client quotas in fixed windows: requests per minute, LLM tokens per minute and per UTC day. Tokens are
 * reserved from an estimate before any LLM call — a request that cannot fit what is left is refused up front — and
 * settled with what the backend reported once the digest is done.
 */
@ApplicationScoped
public class Quotas {

    /** Tokens held for a request until its real usage is known. */
    public interface Reservation {
        void settle(long actualTokens);
    }

    private static final Reservation UNMETERED = actual -> { };

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    @Inject
    Quotas(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    Quotas(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Counts one request against the client's requests per minute. */
    public void admitRequest(Client client) {
        Window window = window(client);
        Instant now = clock.instant();
        synchronized (window) {
            window.roll(now);
            int limit = client.limits().requestsPerMinute();
            if (limit > 0 && window.requests >= limit) {
                refuse(client, "requests", "the quota of " + limit + " requests per minute is used up",
                        untilNextMinute(now));
            }
            window.requests++;
        }
        counter("precis.client.requests", client).increment();
    }

    /** Holds {@code estimate} tokens against the client's per-minute and per-day quotas. */
    public Reservation reserveTokens(Client client, long estimate) {
        if (client == null) {
            return UNMETERED;
        }
        Window window = window(client);
        Instant now = clock.instant();
        synchronized (window) {
            window.roll(now);
            Limits limits = client.limits();
            if (limits.tokensPerMinute() > 0 && window.tokensThisMinute + estimate > limits.tokensPerMinute()) {
                refuse(client, "tokens", "about " + estimate + " tokens are needed and "
                        + Math.max(0, limits.tokensPerMinute() - window.tokensThisMinute)
                        + " remain of the per-minute token quota", untilNextMinute(now));
            }
            if (limits.tokensPerDay() > 0 && window.tokensToday + estimate > limits.tokensPerDay()) {
                refuse(client, "tokens", "about " + estimate + " tokens are needed and "
                        + Math.max(0, limits.tokensPerDay() - window.tokensToday)
                        + " remain of the daily token quota", untilTomorrow(now));
            }
            window.add(estimate);
        }
        return actual -> settle(client, window, estimate, actual);
    }

    private void settle(Client client, Window window, long estimate, long actual) {
        synchronized (window) {
            window.add(actual - estimate);
        }
        counter("precis.client.tokens", client).increment(actual);
    }

    private Window window(Client client) {
        return windows.computeIfAbsent(client.name(), name -> new Window());
    }

    private void refuse(Client client, String what, String why, Duration retryAfter) {
        Counter.builder("precis.client.refused").tag("client", client.name()).tag("quota", what)
                .description("Requests refused over a quota").register(registry).increment();
        throw new QuotaExceededException(why + ".", retryAfter);
    }

    private Counter counter(String name, Client client) {
        return Counter.builder(name).tag("client", client.name()).register(registry);
    }

    private static Duration untilNextMinute(Instant now) {
        long second = now.getEpochSecond();
        return Duration.ofSeconds(60 - second % 60);
    }

    private static Duration untilTomorrow(Instant now) {
        long second = now.getEpochSecond();
        return Duration.ofSeconds(86_400 - second % 86_400);
    }

    /** One client's counts in the current minute and day. */
    private static final class Window {
        long minute = -1;
        long day = -1;
        int requests;
        long tokensThisMinute;
        long tokensToday;

        void roll(Instant now) {
            long currentMinute = now.getEpochSecond() / 60;
            if (currentMinute != minute) {
                minute = currentMinute;
                requests = 0;
                tokensThisMinute = 0;
            }
            long currentDay = now.getEpochSecond() / 86_400;
            if (currentDay != day) {
                day = currentDay;
                tokensToday = 0;
            }
        }

        void add(long tokens) {
            tokensThisMinute = Math.max(0, tokensThisMinute + tokens);
            tokensToday = Math.max(0, tokensToday + tokens);
        }
    }
}
