package dev.precis.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-client quotas: requests per minute and LLM tokens per minute over a sliding window — in any 60 seconds, never
 * more than the quota, wherever the window starts — and LLM tokens per UTC day. Tokens are reserved from an estimate
 * before any LLM call — a request that cannot fit what is left is refused up front — and settled with what the
 * backend reported once the digest is done.
 */
@ApplicationScoped
public class Quotas {

    /** Tokens held for a request until its real usage is known. */
    public interface Reservation {
        void settle(long actualTokens);
    }

    private static final Reservation UNMETERED = actual -> { };
    private static final long WINDOW_MILLIS = 60_000;

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
        long now = clock.millis();
        synchronized (window) {
            window.slide(now);
            int limit = client.limits().requestsPerMinute();
            if (limit > 0 && window.requests.size() >= limit) {
                refuse(client, "requests", "The quota of " + limit + " requests per minute is used up",
                        untilLeaves(window.requests.peekFirst(), now));
            }
            window.requests.addLast(now);
        }
        counter("precis.client.requests", client).increment();
    }

    /** Holds {@code estimate} tokens against the client's per-minute and per-day quotas. */
    public Reservation reserveTokens(Client client, long estimate) {
        if (client == null) {
            return UNMETERED;
        }
        Window window = window(client);
        long now = clock.millis();
        Spend spend;
        synchronized (window) {
            window.slide(now);
            Limits limits = client.limits();
            if (limits.tokensPerMinute() > 0 && window.tokensThisMinute + estimate > limits.tokensPerMinute()) {
                refuse(client, "tokens", "About " + estimate + " tokens are needed and "
                        + Math.max(0, limits.tokensPerMinute() - window.tokensThisMinute)
                        + " remain of the per-minute token quota",
                        window.untilRoomFor(estimate, limits.tokensPerMinute(), now));
            }
            if (limits.tokensPerDay() > 0 && window.tokensToday + estimate > limits.tokensPerDay()) {
                refuse(client, "tokens", "About " + estimate + " tokens are needed and "
                        + Math.max(0, limits.tokensPerDay() - window.tokensToday)
                        + " remain of the daily token quota", untilTomorrow(now));
            }
            spend = window.spend(now, estimate);
        }
        return actual -> settle(client, window, spend, actual);
    }

    private void settle(Client client, Window window, Spend spend, long reported) {
        // A count below zero would give a client back tokens it never had.
        long actual = Math.max(0, reported);
        synchronized (window) {
            window.settle(spend, actual, clock.millis());
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

    /** Until an entry made at {@code at} leaves the sliding minute. */
    private static Duration untilLeaves(long at, long now) {
        return Duration.ofMillis(Math.max(1, at + WINDOW_MILLIS - now));
    }

    private static Duration untilTomorrow(long nowMillis) {
        long second = nowMillis / 1000;
        return Duration.ofSeconds(86_400 - second % 86_400);
    }

    /** Tokens spent at one moment; its amount changes when the reservation is settled. */
    private static final class Spend {
        final long at;
        long tokens;

        Spend(long at, long tokens) {
            this.at = at;
            this.tokens = tokens;
        }
    }

    /** One client's requests and token spends of the last minute, and its tokens of the current UTC day. */
    private static final class Window {
        final ArrayDeque<Long> requests = new ArrayDeque<>();
        final ArrayDeque<Spend> spends = new ArrayDeque<>();
        long tokensThisMinute;
        long day = -1;
        long tokensToday;

        /** Forgets what left the minute, and yesterday. */
        void slide(long now) {
            while (!requests.isEmpty() && requests.peekFirst() <= now - WINDOW_MILLIS) {
                requests.pollFirst();
            }
            while (!spends.isEmpty() && spends.peekFirst().at <= now - WINDOW_MILLIS) {
                tokensThisMinute -= spends.pollFirst().tokens;
            }
            long today = now / 86_400_000L;
            if (today != day) {
                day = today;
                tokensToday = 0;
            }
        }

        Spend spend(long now, long tokens) {
            Spend spend = new Spend(now, tokens);
            spends.addLast(spend);
            tokensThisMinute += tokens;
            tokensToday += tokens;
            return spend;
        }

        /** Corrects a reservation with the real count: in the minute if it is still there, and in the day. */
        void settle(Spend spend, long actual, long now) {
            slide(now);
            long difference = actual - spend.tokens;
            if (spends.contains(spend)) {
                spend.tokens = Math.max(0, actual);
                tokensThisMinute = Math.max(0, tokensThisMinute + difference);
            } else if (difference > 0) {
                spend(now, difference);
                tokensToday -= difference;
            }
            tokensToday = Math.max(0, tokensToday + difference);
        }

        /** Until enough of the minute's spends have left for {@code needed} more tokens to fit under {@code limit}. */
        Duration untilRoomFor(long needed, long limit, long now) {
            long total = tokensThisMinute;
            for (Spend spend : spends) {
                total -= spend.tokens;
                if (total + needed <= limit) {
                    return untilLeaves(spend.at, now);
                }
            }
            return Duration.ofMillis(WINDOW_MILLIS);
        }
    }
}
