package dev.precis.fleet;

import dev.precis.config.PrecisConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Answers shared by every replica, by request key: stored with a time to live and a bound on their number, and a
 * lease so that one replica computes an answer while the others wait for it. The leader's lease is renewed while it
 * works; when its replica dies the lease runs out and a waiting replica takes over. Values are opaque bytes: what
 * they hold is the caller's business.
 */
@ApplicationScoped
public class SharedAnswers {

    /** What a replica should do for a key: use the stored answer, compute it (it holds the lease), or wait. */
    public sealed interface Step {
        record Stored(byte[] answer) implements Step {
        }

        record Lead(String owner) implements Step {
        }

        record Wait() implements Step {
        }
    }

    private static final RedisScript STEP = RedisScript.load("step.lua");
    private static final RedisScript RENEW = RedisScript.load("renew.lua");
    private static final RedisScript FINISH = RedisScript.load("finish.lua");

    private final RedisLink link;
    private final long leaseMillis;
    private final long ttlMillis;
    private final int maxEntries;
    /** Leases this replica holds: key → owner, renewed every third of a lease. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    @Inject
    SharedAnswers(RedisLink link, PrecisConfig config) {
        this(link, config.redis().lease(), config.cache().ttl(), config.cache().maxEntries());
    }

    public SharedAnswers(RedisLink link, Duration lease, Duration ttl, int maxEntries) {
        this.link = link;
        this.leaseMillis = Math.max(100, lease.toMillis());
        this.ttlMillis = Math.max(1, ttl.toMillis());
        this.maxEntries = maxEntries;
        if (link.enabled()) {
            renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "precis-lease-renewer");
                thread.setDaemon(true);
                return thread;
            });
            long every = Math.max(30, leaseMillis / 3);
            renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
        } else {
            renewer = null;
        }
    }

    /** Whether answers are shared: Redis configured and the cache on. */
    public boolean enabled() {
        return link.enabled() && maxEntries > 0;
    }

    /** The next step for {@code key}; a lead holds the lease until {@link #finish}. */
    public Step step(String key) {
        String owner = UUID.randomUUID().toString();
        // the answer is read inside the call: an answer of another shape counts as a failure of Redis
        Step step = link.call(redis -> {
            List<?> reply = (List<?>) STEP.runBinary(redis, List.of(bytes(answerKey(key)), bytes(leaseKey(key))),
                    List.of(bytes(owner), bytes(String.valueOf(leaseMillis))));
            long kind = (Long) reply.get(0);
            if (kind == 1) {
                return new Step.Stored((byte[]) java.util.Objects.requireNonNull(reply.get(1)));
            }
            if (kind == 2) {
                return new Step.Lead(owner);
            }
            if (kind == 3) {
                return new Step.Wait();
            }
            throw new IllegalStateException("unknown step " + kind);
        });
        if (step instanceof Step.Lead) {
            held.put(key, owner);
        }
        return step;
    }

    /** Stores the leader's answer ({@code null}: none worth sharing) and gives its lease back. */
    public void finish(String key, Step.Lead lead, byte[] answer) {
        held.remove(key, lead.owner());
        link.call(redis -> FINISH.runBinary(redis,
                List.of(bytes(answerKey(key)), bytes(leaseKey(key)), bytes(link.key("a-index"))),
                List.of(bytes(lead.owner()), answer == null ? new byte[0] : answer, bytes(String.valueOf(ttlMillis)),
                        bytes(String.valueOf(maxEntries)), bytes(key), bytes(link.key("a:")))));
    }

    private void renewAll() {
        for (Map.Entry<String, String> lease : held.entrySet()) {
            try {
                Object renewed = link.call(redis -> RENEW.runBinary(redis, List.of(bytes(leaseKey(lease.getKey()))),
                        List.of(bytes(lease.getValue()), bytes(String.valueOf(leaseMillis)))));
                if (renewed instanceof Long n && n == 0) {
                    held.remove(lease.getKey(), lease.getValue());
                }
            } catch (SharedStateUnavailable e) {
                return;
            }
        }
    }

    private String answerKey(String key) {
        return link.key("a:" + key);
    }

    private String leaseKey(String key) {
        return link.key("lease:" + key);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }
}
