package dev.precis.digest;

import dev.precis.model.Digest;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.precis.config.PrecisConfig;
import dev.precis.deadline.Deadline;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.llm.LoadShedException;
import dev.precis.deadline.RequestCancelledException;
import dev.precis.fleet.SharedAnswers;
import dev.precis.fleet.SharedStateUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Model answers by request key: answered from memory when an identical request was digested before (size and age
 * bounded), and shared when an identical request is under way — so a burst of identical requests makes one set of
 * LLM calls between them (single flight).
 *
 * <p>With {@code PRECIS_REDIS_URL} set, the same holds across replicas ({@link SharedAnswers}): the one request of a
 * replica that would ask the model first looks for the answer in Redis, else takes the lease to compute it, else
 * waits (polling, up to its own deadline) for the replica that holds the lease; a lease whose replica died runs out and
 * is taken over. If Redis cannot be used, the replica computes the answer itself.
 */
@ApplicationScoped
public class AnswerCache {

    /** An answer, and whether this request got it without any LLM call of its own. */
    record Served(ModelAnswer answer, boolean cached) {
    }

    /** Polling a leader on another replica: first after this long, growing to {@link #MAX_POLL_MILLIS}. */
    private static final long FIRST_POLL_MILLIS = 10;
    private static final long MAX_POLL_MILLIS = 200;

    private final Cache<String, ModelAnswer> answers;
    private final ConcurrentMap<String, CompletableFuture<Served>> underWay = new ConcurrentHashMap<>();
    private final SharedAnswers fleet;
    private final Counter hits;
    private final Counter shared;
    private final Counter fleetHits;
    private final Counter misses;

    AnswerCache(PrecisConfig config, MeterRegistry registry, SharedAnswers fleet) {
        this.answers = Caffeine.newBuilder()
                .maximumSize(config.cache().maxEntries())
                .expireAfterWrite(config.cache().ttl())
                .build();
        this.fleet = fleet;
        this.hits = counter(registry, "hit");
        this.shared = counter(registry, "shared");
        this.fleetHits = counter(registry, "fleet");
        this.misses = counter(registry, "miss");
    }

    /**
     * @param compute makes the LLM calls; runs at most once at a time per key (across the fleet when it shares state)
     */
    Served serve(String key, Deadline deadline, Supplier<ModelAnswer> compute) {
        while (true) {
            ModelAnswer known = answers.getIfPresent(key);
            if (known != null) {
                hits.increment();
                return new Served(known, true);
            }
            CompletableFuture<Served> mine = new CompletableFuture<>();
            CompletableFuture<Served> leader = underWay.putIfAbsent(key, mine);
            if (leader == null) {
                return computeAsLeader(key, mine, deadline, compute);
            }
            Served answer = awaitLeader(leader, deadline);
            if (answer != null) {
                shared.increment();
                return new Served(answer.answer(), true);
            }
            // The leader gave up for reasons of its own: try again, maybe as the leader.
        }
    }

    private Served computeAsLeader(String key, CompletableFuture<Served> mine, Deadline deadline,
            Supplier<ModelAnswer> compute) {
        try {
            Served served = fleet.enabled() ? acrossFleet(key, deadline, compute) : computeHere(compute);
            if (served.answer().cacheable()) {
                answers.put(key, served.answer().forCache());
            }
            mine.complete(served);
            return served;
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            underWay.remove(key, mine);
        }
    }

    private Served computeHere(Supplier<ModelAnswer> compute) {
        misses.increment();
        return new Served(compute.get(), false);
    }

    /** The answer stored by some replica, or computed here under the lease, or awaited from the replica computing it. */
    private Served acrossFleet(String key, Deadline deadline, Supplier<ModelAnswer> compute) {
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            SharedAnswers.Step step;
            try {
                step = fleet.step(key);
            } catch (SharedStateUnavailable e) {
                return computeHere(compute);
            }
            if (step instanceof SharedAnswers.Step.Stored stored) {
                var answer = StoredAnswer.decode(stored.answer());
                if (answer.isPresent()) {
                    fleetHits.increment();
                    return new Served(answer.get(), true);
                }
                // unreadable (another version's): computed again, and stored over it
                return computeHere(compute);
            }
            if (step instanceof SharedAnswers.Step.Lead lead) {
                ModelAnswer answer;
                try {
                    answer = computeHere(compute).answer();
                } catch (RuntimeException e) {
                    finishQuietly(key, lead, null);
                    throw e;
                }
                finishQuietly(key, lead, answer.cacheable() ? StoredAnswer.encode(answer.forCache()) : null);
                return new Served(answer, false);
            }
            // Another replica computes it: wait a little, within this request's own deadline.
            long left = deadline.remaining().toMillis();
            if (left <= 0) {
                throw new DeadlineExceededException();
            }
            try {
                Thread.sleep(Math.min(pause, left));
            } catch (InterruptedException e) {
                throw new RequestCancelledException();
            }
            pause = Math.min(MAX_POLL_MILLIS, pause * 2);
        }
    }

    /** Stores the answer and gives the lease back after the answer has left: the client does not wait for it. */
    private void finishQuietly(String key, SharedAnswers.Step.Lead lead, byte[] answer) {
        Thread.ofVirtual().name("precis-answer-share").start(() -> {
            try {
                fleet.finish(key, lead, answer);
            } catch (SharedStateUnavailable e) {
                // Redis went away meanwhile: the answer is not shared, and the lease runs out on its own.
            }
        });
    }

    /**
     * The leader's answer; null when the leader failed for reasons of its own (its client left, its deadline ran
     * out, it was shed) that a follower with time left should not inherit; the leader's failure otherwise.
     */
    private static Served awaitLeader(CompletableFuture<Served> leader, Deadline deadline) {
        try {
            return leader.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new RequestCancelledException();
        } catch (TimeoutException e) {
            throw new DeadlineExceededException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RequestCancelledException || e.getCause() instanceof DeadlineExceededException
                    || e.getCause() instanceof LoadShedException) {
                return null;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("precis.cache.requests").tag("result", result)
                .description("Digest requests by how their model answer was obtained").register(registry);
    }
}
