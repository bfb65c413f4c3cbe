package dev.precis.llm;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * {@code min(max, base * 2^n)}. Jitter keeps clients that failed together from retrying together; the fixed half
 * keeps a retry from firing at once into the same overload.
 */
public record Backoff(Duration base, Duration max) {

    public Duration delay(int retry, RandomGenerator random) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(retry, 20));
        long half = ceiling / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
}
