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

    public AdmissionControl(int maxConcurrent, int maxQueued, Duration maxWait) {
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

    /** LLM calls under way now. */
    public int inFlight() {
        return maxConcurrent - slots.availablePermits();
    }

    /** Calls waiting for a turn now. */
    public int waiting() {
        return queued.get();
    }
}
