package dev.precis.deadline;

import java.time.Duration;

/** The moment a request must be answered by, on the monotonic clock. */
public record Deadline(long expiresAtNanos) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    public boolean expired() {
        return expiresAtNanos - System.nanoTime() <= 0;
    }

    /** The shorter of {@code limit} and the time left. */
    public Duration cap(Duration limit) {
        Duration left = remaining();
        return left.compareTo(limit) < 0 ? left : limit;
    }
}
