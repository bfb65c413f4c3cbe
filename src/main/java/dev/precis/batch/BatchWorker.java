package dev.precis.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.config.PrecisConfig;
import dev.precis.deadline.Deadline;
import dev.precis.digest.DigestRequest;
import dev.precis.digest.DigestService;
import dev.precis.digest.Failures;
import dev.precis.llm.BackgroundWork;
import dev.precis.llm.LlmGateway;
import dev.precis.llm.LoadShedException;
import dev.precis.model.Digest;
import dev.precis.model.Problem;
import dev.precis.model.ProblemType;
import dev.precis.security.ApiKeys;
import dev.precis.security.Client;
import dev.precis.security.QuotaExceededException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Works on batch items, on every replica: takes due items from the database (leases that expire, so the items of a
 * replica that dies go to another), runs each through the same pipeline as {@code POST /v1/digests} — cache, single
 * flight, repairs, the key's token quotas, fallback — as background work ({@link BackgroundWork}: its own bounded
 * share of LLM slots, and only when no interactive request waits), and records its digest or its problem. An item
 * that failed for a reason that may pass is tried again later, with backoff; one that cannot succeed is recorded at
 * once. Ended batches get their callback; old ones are deleted.
 */
@ApplicationScoped
public class BatchWorker {

    private static final Logger LOG = Logger.getLogger(BatchWorker.class);
    /** How often the database is looked at when nothing woke the worker (another replica's submission, a retry). */
    private static final long POLL_MILLIS = 500;
    private static final long HOUSEKEEPING_MILLIS = 5_000;
    private static final long CALLBACK_MILLIS = 1_000;
    private static final long PURGE_MILLIS = 10 * 60_000;
    private static final long MAX_RETRY_DELAY_MILLIS = 3_600_000;
    /** Longest pause between two tries of an item waiting for the backend (or a quota) to come back. */
    private static final long MAX_WAIT_MILLIS = 300_000;
    private static final int CALLBACK_ATTEMPTS = 8;

    private final BatchStore store;
    private final DigestService digests;
    private final ApiKeys keys;
    private final Callbacks callbacks;
    private final ObjectMapper json;
    private final int slots;
    private final long leaseMillis;
    private final int maxAttempts;
    private final long retryDelayMillis;
    private final long retentionMillis;
    private final Duration itemDeadline;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile Thread dispatcher;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong leased = new AtomicLong();
    private final AtomicLong oldestQueuedAge = new AtomicLong();
    private final Counter succeeded;
    private final Counter failed;
    private final Counter retried;

    /** An item under way on this replica. */
    private static final class Running {
        final BatchStore.Leased item;
        volatile Thread thread;
        volatile long renewedAt;
        volatile boolean lost;

        Running(BatchStore.Leased item, long now) {
            this.item = item;
            this.renewedAt = now;
        }
    }

    BatchWorker(BatchDatabase database, DigestService digests, ApiKeys keys, Callbacks callbacks, ObjectMapper json,
            PrecisConfig config, MeterRegistry registry) {
        this.store = new BatchStore(database);
        this.digests = digests;
        this.keys = keys;
        this.callbacks = callbacks;
        this.json = json;
        this.slots = LlmGateway.batchSlots(config);
        this.leaseMillis = config.batch().lease().toMillis();
        this.maxAttempts = config.batch().maxAttempts();
        this.retryDelayMillis = config.batch().retryDelay().toMillis();
        this.retentionMillis = config.batch().retention().toMillis();
        this.itemDeadline = config.requestDeadline();
        Gauge.builder("precis.batch.items", queued, AtomicLong::get).tag("state", "queued")
                .description("Batch items waiting (all replicas)").register(registry);
        Gauge.builder("precis.batch.items", leased, AtomicLong::get).tag("state", "leased")
                .description("Batch items under way (all replicas)").register(registry);
        Gauge.builder("precis.batch.oldest.queued.age", oldestQueuedAge, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest batch with items still waiting").register(registry);
        Gauge.builder("precis.batch.items.running", running, Map::size)
                .description("Batch items under way on this replica").register(registry);
        this.succeeded = Counter.builder("precis.batch.items.done").tag("outcome", "succeeded")
                .description("Batch items ended on this replica").register(registry);
        this.failed = Counter.builder("precis.batch.items.done").tag("outcome", "failed")
                .description("Batch items ended on this replica").register(registry);
        this.retried = Counter.builder("precis.batch.items.retried")
                .description("Batch item tries put back to be tried again later").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (dev.precis.config.RunMode.isEval()) {
            return; // the eval command digests its gold set and exits: no batch work, no database
        }
        Thread thread = Thread.ofVirtual().name("precis-batch-dispatcher").unstarted(this::loop);
        dispatcher = thread;
        thread.start();
    }

    /** Something changed (a submission, a cancellation): look at the database now rather than at the next poll. */
    public void wake() {
        wake.release();
    }

    private void loop() {
        long housekeptAt = 0;
        long callbacksAt = 0;
        long purgedAt = System.currentTimeMillis();
        boolean warned = false;
        while (!stopping) {
            try {
                long now = System.currentTimeMillis();
                renewLeases(now);
                int free = slots - running.size();
                if (free > 0) {
                    for (BatchStore.Leased item : store.lease(now, free, leaseMillis, random::nextLong)) {
                        launch(item, now);
                    }
                }
                if (now - housekeptAt >= HOUSEKEEPING_MILLIS) {
                    housekeptAt = now;
                    store.sweepCancelled(now);
                    BatchStore.Stats stats = store.stats();
                    queued.set(stats.queued());
                    leased.set(stats.leased());
                    oldestQueuedAge.set(stats.oldestQueuedCreatedAt() == null ? 0
                            : Math.max(0, (now - stats.oldestQueuedCreatedAt()) / 1000));
                }
                if (now - callbacksAt >= CALLBACK_MILLIS) {
                    callbacksAt = now;
                    sendCallbacks(now);
                }
                if (now - purgedAt >= PURGE_MILLIS) {
                    purgedAt = now;
                    int purged = 0;
                    for (int round; (round = store.purge(now - retentionMillis, 1_000)) > 0; ) {
                        purged += round;
                        if (round < 1_000 || stopping) {
                            break;
                        }
                    }
                    if (purged > 0) {
                        LOG.infof("batches: deleted %d batch(es) ended more than %s ago (PRECIS_BATCH_RETENTION)", purged,
                                Duration.ofMillis(retentionMillis));
                    }
                }
                warned = false;
                wake.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                if (stopping) {
                    return;
                }
            } catch (BatchDatabase.UnavailableException e) {
                // said once by the database; tried again every two seconds
                sleepQuietly(2_000);
            } catch (RuntimeException e) {
                if (!warned) {
                    LOG.error("batch worker: unexpected failure; it goes on", e);
                    warned = true;
                }
                sleepQuietly(2_000);
            }
        }
    }

    private void launch(BatchStore.Leased item, long now) {
        Running work = new Running(item, now);
        String key = item.batchId() + "/" + item.line();
        running.put(key, work);
        Thread thread = Thread.ofVirtual().name("precis-batch-item").unstarted(() -> {
            try {
                run(work);
            } catch (BatchDatabase.UnavailableException e) {
                // the outcome could not be written (the database said so once): the lease runs out and the item is
                // done again, by this replica or another; nothing is recorded twice
            } finally {
                running.remove(key);
                wake.release();
            }
        });
        work.thread = thread;
        thread.start();
    }

    private void renewLeases(long now) {
        for (Running work : running.values()) {
            if (now - work.renewedAt < leaseMillis / 3) {
                continue;
            }
            work.renewedAt = now;
            if (!store.renew(work.item, now + leaseMillis)) {
                // taken over (this replica was too slow to renew) or cancelled: the work is someone else's now
                work.lost = true;
                Thread thread = work.thread;
                if (thread != null) {
                    thread.interrupt();
                }
            }
        }
    }

    private void run(Running work) {
        BatchStore.Leased item = work.item;
        Client client = null;
        if (keys.required()) {
            Optional<Client> owner = keys.byName(item.owner());
            if (owner.isEmpty() && !keys.fileReadable()) {
                // the keys file cannot be read right now (being rewritten?): wait for it rather than fail the item
                store.retryLater(item, System.currentTimeMillis() + backoff(item.waits()), false, BatchStore.Usage.NONE);
                return;
            }
            if (owner.isEmpty()) {
                record(item, problem(ProblemType.UNAUTHORIZED.with("The API key that submitted this batch is no "
                        + "longer valid.")));
                return;
            }
            client = owner.get();
        }
        String stored = store.request(item);
        if (stored == null) {
            return; // deleted meanwhile (its batch was): nothing to do
        }
        DigestRequest request = BatchItem.decode(stored, client);
        try {
            Digest digest = BackgroundWork.run(() -> digests.digest(request, Deadline.after(itemDeadline)));
            if (work.lost) {
                return;
            }
            String result = json.writeValueAsString(digest);
            Digest.Usage spent = digest.usage();
            BatchStore.Usage usage = new BatchStore.Usage(spent.llmCalls(),
                    spent.inputTokens() == null ? 0 : spent.inputTokens(),
                    spent.outputTokens() == null ? 0 : spent.outputTokens());
            if (store.finish(item, true, result, usage, System.currentTimeMillis())) {
                succeeded.increment();
            }
        } catch (BatchDatabase.UnavailableException e) {
            throw e;
        } catch (RuntimeException | JsonProcessingException e) {
            failed(work, e);
        }
    }

    private void failed(Running work, Exception e) {
        BatchStore.Leased item = work.item;
        if (work.lost) {
            return;
        }
        long now = System.currentTimeMillis();
        if (stopping) {
            // this replica is stopping: the item goes back at once, for another replica (no try counted)
            store.retryLater(item, now, false, BatchStore.Usage.NONE);
            return;
        }
        Optional<Failures.Failure> failure = Failures.of(e);
        if (failure.isEmpty()) {
            LOG.errorf(e, "batch %s item %d: unexpected failure", item.batchId(), item.line());
            failure = Optional.of(new Failures.Failure(ProblemType.INTERNAL_ERROR.with("The service failed "
                    + "unexpectedly on this item; the error has been logged."), Optional.of(Duration.ofSeconds(30))));
        }
        Failures.Failure f = failure.get();
        if (e instanceof QuotaExceededException quota && quota.neverFits()) {
            // more tokens than the key's whole minute or day: no wait would let it through
            record(item, problem(f.problem()));
            return;
        }
        if (waitsOut(e)) {
            // the backend unavailable, the key's quota spent for now, no share of the LLM free: nothing wrong with
            // the item, which waits (backing off to five minutes between tries) as long as that lasts — an outage
            // never fails a batch; cancelling it does
            long wait = Math.min(MAX_RETRY_DELAY_MILLIS, Math.max(backoff(item.waits()),
                    f.retryAfter().map(Duration::toMillis).orElse(0L)));
            if (store.retryLater(item, now + wait, false, BatchStore.Usage.NONE)) {
                retried.increment();
                LOG.debugf("batch %s item %d: %s; waits %d ms", item.batchId(), item.line(), f.problem().type(), wait);
            }
            return;
        }
        int tries = item.attempts() + 1;
        if (f.retryable() && tries < maxAttempts) {
            long wait = Math.max(backoff(tries - 1), f.retryAfter().get().toMillis());
            if (store.retryLater(item, now + wait, true, BatchStore.Usage.NONE)) {
                retried.increment();
                LOG.infof("batch %s item %d: %s; tried again in %d ms (try %d of %d)", item.batchId(), item.line(),
                        f.problem().type(), wait, tries + 1, maxAttempts);
            }
            return;
        }
        record(item, problem(f.problem()));
    }

    /** Failures that say nothing about the item: the backend unreachable, failing or paused; quota; shedding. */
    private static boolean waitsOut(Exception e) {
        if (e instanceof QuotaExceededException || e instanceof LoadShedException) {
            return true;
        }
        return e instanceof dev.precis.llm.LlmCallException llm && switch (llm.failure()) {
            case UNREACHABLE, OVERLOADED, CIRCUIT_OPEN -> true;
            default -> false;
        };
    }

    /** retryDelay doubling with each wait, at most five minutes. */
    private long backoff(int waits) {
        return Math.min(MAX_WAIT_MILLIS, retryDelayMillis << Math.min(20, Math.max(0, waits)));
    }

    private void record(BatchStore.Leased item, String problem) {
        if (store.finish(item, false, problem, BatchStore.Usage.NONE, System.currentTimeMillis())) {
            failed.increment();
        }
    }

    private String problem(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sendCallbacks(long now) {
        for (BatchStore.Batch batch : store.leaseCallbacks(now, 8, 60_000)) {
            if (batch.callbackAttempts() >= CALLBACK_ATTEMPTS) {
                // its tries were all taken and none reported back (replicas that died while sending): given up
                LOG.warnf("batch %s: callback given up after %d tries", batch.id(), batch.callbackAttempts());
                store.callbackTried(batch.id(), "failed", now);
                continue;
            }
            Thread.ofVirtual().name("precis-batch-callback").start(() -> deliver(batch));
        }
    }

    private void deliver(BatchStore.Batch batch) {
        String body;
        try {
            body = json.writeValueAsString(BatchView.of(batch));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Callbacks.Outcome outcome = callbacks.send(batch.owner(), batch.id(), batch.callbackUrl(), body,
                System.currentTimeMillis() / 1000);
        long now = System.currentTimeMillis();
        try {
            switch (outcome) {
                case DELIVERED -> store.callbackTried(batch.id(), "delivered", now);
                case GIVE_UP -> store.callbackTried(batch.id(), "failed", now);
                case RETRY -> {
                    int attempts = batch.callbackAttempts() + 1; // the try just made (counted when it was taken)
                    if (attempts >= CALLBACK_ATTEMPTS) {
                        LOG.warnf("batch %s: callback given up after %d tries", batch.id(), attempts);
                        store.callbackTried(batch.id(), "failed", now);
                    } else {
                        long wait = Math.min(MAX_RETRY_DELAY_MILLIS, retryDelayMillis << Math.min(20, attempts - 1));
                        store.callbackTried(batch.id(), "pending", now + wait);
                        wake();
                    }
                }
            }
        } catch (BatchDatabase.UnavailableException e) {
            // the lease on the callback runs out and it is sent again: a receiver may see it twice (documented)
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        Thread thread = dispatcher;
        if (thread != null) {
            thread.interrupt();
        }
        // items under way get a few seconds to finish (their LLM calls are paid for); those still running then stop
        // and go back to the queue at once, for another replica (their calls are aborted)
        long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!running.isEmpty() && System.nanoTime() < grace) {
            sleepQuietly(50);
        }
        List<Running> now = List.copyOf(running.values());
        now.forEach(work -> {
            Thread worker = work.thread;
            if (worker != null) {
                worker.interrupt();
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!running.isEmpty() && System.nanoTime() < until) {
            sleepQuietly(20);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
