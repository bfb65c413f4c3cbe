package dev.precis.digest;

import dev.precis.model.Digest;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.precis.config.PrecisConfig;
import dev.precis.deadline.Deadline;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.llm.LoadShedException;
import dev.precis.deadline.RequestCancelledException;
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
 */
@ApplicationScoped
public class AnswerCache {

    /** An answer, and whether this request got it without any LLM call of its own. */
    record Served(ModelAnswer answer, boolean cached) {
    }

    private final Cache<String, ModelAnswer> answers;
    private final ConcurrentMap<String, CompletableFuture<ModelAnswer>> underWay = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter shared;
    private final Counter misses;

    AnswerCache(PrecisConfig config, MeterRegistry registry) {
        this.answers = Caffeine.newBuilder()
                .maximumSize(config.cache().maxEntries())
                .expireAfterWrite(config.cache().ttl())
                .build();
        this.hits = counter(registry, "hit");
        this.shared = counter(registry, "shared");
        this.misses = counter(registry, "miss");
    }

    /**
     * @param compute makes the LLM calls; runs at most once at a time per key
     */
    Served serve(String key, Deadline deadline, Supplier<ModelAnswer> compute) {
        while (true) {
            ModelAnswer known = answers.getIfPresent(key);
            if (known != null) {
                hits.increment();
                return new Served(known, true);
            }
            CompletableFuture<ModelAnswer> mine = new CompletableFuture<>();
            CompletableFuture<ModelAnswer> leader = underWay.putIfAbsent(key, mine);
            if (leader == null) {
                misses.increment();
                return new Served(computeAsLeader(key, mine, compute), false);
            }
            ModelAnswer answer = awaitLeader(leader, deadline);
            if (answer != null) {
                shared.increment();
                return new Served(answer, true);
            }
            // The leader gave up for reasons of its own: try again, maybe as the leader.
        }
    }

    private ModelAnswer computeAsLeader(String key, CompletableFuture<ModelAnswer> mine, Supplier<ModelAnswer> compute) {
        try {
            ModelAnswer answer = compute.get();
            if (answer.cacheable()) {
                answers.put(key, answer.forCache());
            }
            mine.complete(answer);
            return answer;
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            underWay.remove(key, mine);
        }
    }

    /**
     * The leader's answer; null when the leader failed for reasons of its own (its client left, its deadline ran
     * out, it was shed) that a follower with time left should not inherit; the leader's failure otherwise.
     */
    private static ModelAnswer awaitLeader(CompletableFuture<ModelAnswer> leader, Deadline deadline) {
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
