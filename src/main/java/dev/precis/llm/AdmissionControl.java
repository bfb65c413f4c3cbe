package dev.precis.llm;

import dev.precis.deadline.Deadline;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load shedding: at most {@code maxConcurrent} LLM calls at once, at most {@code maxQueued} more waiting for a turn
 * (each no longer than {@code maxWait}). Beyond that a call is refused at once, so an overload is answered quickly
 * with 429 instead of piling up until everything times out.
 *
 * <p>Background calls (batch items, {@link BackgroundWork}) have a share of their own: at most {@code
 * backgroundSlots} of the slots at once, taken only when no interactive call is waiting, and they never join the
 * interactive queue. So a batch of any size leaves interactive requests at least {@code maxConcurrent -
 * backgroundSlots} slots and every free slot they wait for.
 */
public final class AdmissionControl {

    /** Held for the duration of one LLM call. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** What a refused client is told to wait: calls take seconds, so a queue this full drains in a few. */
    public static final Duration SHED_RETRY_AFTER = Duration.ofSeconds(5);

    private final int maxConcurrent;
    private final Semaphore slots;
    private final int maxQueued;
    private final Duration maxWait;
    private final AtomicInteger queued = new AtomicInteger();
    private final Semaphore background;
    private final int backgroundSlots;

    public AdmissionControl(int maxConcurrent, int maxQueued, Duration maxWait) {
        this(maxConcurrent, maxQueued, maxWait, 0);
    }

    public AdmissionControl(int maxConcurrent, int maxQueued, Duration maxWait, int backgroundSlots) {
        this.backgroundSlots = Math.min(backgroundSlots, maxConcurrent);
        this.background = new Semaphore(this.backgroundSlots, true);
        this.maxConcurrent = maxConcurrent;
        this.slots = new Semaphore(maxConcurrent, true);
        this.maxQueued = maxQueued;
        this.maxWait = maxWait;
    }

    /**
     * @throws LoadShedException when the queue is full or no slot frees in time
     * @throws InterruptedException when the caller is cancelled while waiting
     */
    public Permit enter(Deadline deadline) throws InterruptedException {
        if (BackgroundWork.active()) {
            return enterBackground(deadline);
        }
        if (slots.tryAcquire()) {
            return slots::release;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            throw new LoadShedException(SHED_RETRY_AFTER);
        }
        try {
            Duration wait = deadline.cap(maxWait);
            if (!slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new LoadShedException(SHED_RETRY_AFTER);
            }
            return slots::release;
        } finally {
            queued.decrementAndGet();
        }
    }

    /**
     * A background call's turn: one of the background slots, then a free slot at a moment when no interactive call
     * is waiting for one. It waits as long as its deadline allows (nobody is waiting on a connection), polling
     * briefly rather than queueing, so that an interactive call that arrives meanwhile goes first.
     */
    private Permit enterBackground(Deadline deadline) throws InterruptedException {
        if (!background.tryAcquire(Math.max(0, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS)) {
            throw new LoadShedException(SHED_RETRY_AFTER);
        }
        try {
            while (true) {
                if (queued.get() == 0 && slots.tryAcquire()) {
                    return () -> {
                        slots.release();
                        background.release();
                    };
                }
                if (deadline.expired()) {
                    throw new LoadShedException(SHED_RETRY_AFTER);
                }
                Thread.sleep(BACKGROUND_POLL_MILLIS);
            }
        } catch (InterruptedException | RuntimeException e) {
            background.release();
            throw e;
        }
    }

    private static final long BACKGROUND_POLL_MILLIS = 5;

    /** Background slots in use now. */
    public int backgroundInFlight() {
        return backgroundSlots - background.availablePermits();
    }

    /** LLM calls under way now. */
    public int inFlight() {
        return maxConcurrent - slots.availablePermits();
    }

    /** Calls waiting for a turn now. */
    public int waiting() {
        return queued.get();
    }
}
