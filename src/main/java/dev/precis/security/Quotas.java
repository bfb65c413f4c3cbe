package dev.precis.security;

import dev.precis.fleet.RedisLink;
import dev.precis.fleet.SharedQuotas;
import dev.precis.fleet.SharedStateUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Per-client quotas: requests per minute and LLM tokens per minute over a sliding window — in any 60 seconds, never
 * more than the quota, wherever the window starts — and LLM tokens per UTC day. Tokens are reserved from an estimate
 * before any LLM call — a request that cannot fit what is left is refused up front — and settled with what the
 * backend reported once the digest is done.
 *
 * <p>With {@code PRECIS_REDIS_URL} set, the quotas are the fleet's: every check is one atomic script in Redis
 * ({@link SharedQuotas}). While Redis is down each replica enforces them on its own, and keeps what it counted to hand
 * it over when Redis is back, so that nothing counted while it was down is lost, and nothing is counted twice.
 */
@ApplicationScoped
public class Quotas {

    /** Tokens held for a request until its real usage is known. */
    public interface Reservation {
        void settle(long actualTokens);
    }

    private static final Logger LOG = Logger.getLogger(Quotas.class);
    private static final Reservation UNMETERED = actual -> { };
    private static final long WINDOW_MILLIS = 60_000;
    /** Most hand-overs kept while Redis is down; beyond, the oldest are dropped (and counted). */
    private static final int MAX_KEPT = 100_000;
    /** Work on Redis that no request waits for. */
    private static final java.util.concurrent.Executor AFTERWARDS = command -> Thread.ofVirtual()
            .name("precis-quota-settle").start(command);

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;
    private final SharedQuotas shared;
    private final ConcurrentLinkedDeque<Consumer<SharedQuotas>> kept = new ConcurrentLinkedDeque<>();
    private final AtomicInteger keptCount = new AtomicInteger();
    private final Counter dropped;
    private final String replica = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final AtomicLong sequence = new AtomicLong();

    @Inject
    Quotas(MeterRegistry registry, SharedQuotas shared, RedisLink link) {
        this(registry, Clock.systemUTC(), shared);
        link.whileUp(this::handOver);
    }

    Quotas(MeterRegistry registry, Clock clock) {
        this(registry, clock, null);
    }

    public Quotas(MeterRegistry registry, Clock clock, SharedQuotas shared) {
        this.registry = registry;
        this.clock = clock;
        this.shared = shared != null && shared.enabled() ? shared : null;
        this.dropped = Counter.builder("precis.quota.handovers.dropped")
                .description("Counts made while Redis was down that were dropped before it came back (too many kept)")
                .register(registry);
        Gauge.builder("precis.quota.handovers.pending", keptCount, AtomicInteger::get)
                .description("Counts made while Redis was down, waiting to be handed over to it").register(registry);
    }

    /**
     * Whether counting a request of this client may ask Redis (a round trip, which must not run on an event loop):
     * the fleet's quotas are on and the client has a request limit. Also while Redis is down: that is when the
     * once-a-second probe may fall on this request.
     */
    public boolean asksRedis(Client client) {
        return shared != null && client.limits().requestsPerMinute() > 0;
    }

    /** Counts one request against the client's requests per minute. */
    public void admitRequest(Client client) {
        int limit = client.limits().requestsPerMinute();
        if (shared != null && limit > 0) {
            String id = nextId();
            try {
                SharedQuotas.Decision decision = shared.admit(client.name(), limit, id);
                if (!decision.allowed()) {
                    refuse(client, "requests", "The quota of " + limit + " requests per minute is used up",
                            Duration.ofMillis(Math.max(1, decision.waitMillis())));
                }
                counter("precis.client.requests", client).increment();
                return;
            } catch (SharedStateUnavailable e) {
                admitLocally(client);
                long at = clock.millis();
                keep(quotas -> quotas.handOverRequest(client.name(), id, clock.millis() - at));
                return;
            }
        }
        admitLocally(client);
    }

    private void admitLocally(Client client) {
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
        Limits limits = client.limits();
        if (shared != null && (limits.tokensPerMinute() > 0 || limits.tokensPerDay() > 0)) {
            String id = nextId();
            try {
                SharedQuotas.Decision decision = shared.reserve(client.name(), limits.tokensPerMinute(),
                        limits.tokensPerDay(), estimate, id);
                if (!decision.allowed()) {
                    boolean daily = decision.quota().equals("day");
                    refuse(client, "tokens", "About " + estimate + " tokens are needed and " + decision.left()
                            + " remain of the " + (daily ? "daily" : "per-minute") + " token quota",
                            Duration.ofMillis(Math.max(1, decision.waitMillis())), neverFits(limits, estimate));
                }
                return actual -> settleShared(client, id, estimate, actual);
            } catch (SharedStateUnavailable e) {
                Reservation local = reserveLocally(client, estimate);
                long at = clock.millis();
                return actual -> {
                    local.settle(actual);
                    long tokens = Math.max(0, actual);
                    keep(quotas -> quotas.handOverTokens(client.name(), id, clock.millis() - at, tokens));
                };
            }
        }
        return reserveLocally(client, estimate);
    }

    private Reservation reserveLocally(Client client, long estimate) {
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
                        window.untilRoomFor(estimate, limits.tokensPerMinute(), now), neverFits(limits, estimate));
            }
            if (limits.tokensPerDay() > 0 && window.tokensToday + estimate > limits.tokensPerDay()) {
                refuse(client, "tokens", "About " + estimate + " tokens are needed and "
                        + Math.max(0, limits.tokensPerDay() - window.tokensToday)
                        + " remain of the daily token quota", untilTomorrow(now), neverFits(limits, estimate));
            }
            spend = window.spend(now, estimate);
        }
        return actual -> settle(client, window, spend, actual);
    }

    /**
     * Settles in Redis after the answer has left: the client does not wait for it. Until it lands, the estimate
     * stands in for the real count (an estimate is meant to be the larger).
     */
    private void settleShared(Client client, String id, long estimate, long reported) {
        long actual = Math.max(0, reported);
        counter("precis.client.tokens", client).increment(actual);
        AFTERWARDS.execute(() -> {
            try {
                shared.settle(client.name(), id, estimate, actual);
            } catch (SharedStateUnavailable e) {
                // Settling twice changes nothing, so a settlement that may or may not have arrived is simply kept.
                keep(quotas -> quotas.settle(client.name(), id, estimate, actual));
            }
        });
    }

    /** Keeps a count made while Redis could not take it, to hand it over when it is back. */
    private void keep(Consumer<SharedQuotas> handOver) {
        kept.addLast(handOver);
        if (keptCount.incrementAndGet() > MAX_KEPT && kept.pollFirst() != null) {
            keptCount.decrementAndGet();
            dropped.increment();
        }
    }

    /** Hands over, in order, what was counted while Redis was down; stops at the first failure. */
    void handOver() {
        if (shared == null) {
            return;
        }
        int handed = 0;
        Consumer<SharedQuotas> next;
        while ((next = kept.pollFirst()) != null) {
            try {
                next.accept(shared);
                keptCount.decrementAndGet();
                handed++;
            } catch (SharedStateUnavailable e) {
                kept.addFirst(next);
                break;
            }
        }
        if (handed > 0) {
            LOG.infof("handed over to Redis %d quota count(s) made while it was down", handed);
        }
    }

    private String nextId() {
        return replica + ":" + sequence.incrementAndGet();
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
        refuse(client, what, why, retryAfter, false);
    }

    private void refuse(Client client, String what, String why, Duration retryAfter, boolean neverFits) {
        Counter.builder("precis.client.refused").tag("client", client.name()).tag("quota", what)
                .description("Requests refused over a quota").register(registry).increment();
        throw new QuotaExceededException(why + ".", retryAfter, neverFits);
    }

    /** Whether an estimate is larger than a whole minute's or day's token quota of the key. */
    private static boolean neverFits(Limits limits, long estimate) {
        return limits.tokensPerMinute() > 0 && estimate > limits.tokensPerMinute()
                || limits.tokensPerDay() > 0 && estimate > limits.tokensPerDay();
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
