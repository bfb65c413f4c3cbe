package dev.precis.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void eachRetryWaitsBetweenHalfAndAllOfAnExponentialCeiling() {
        SplittableRandom random = new SplittableRandom(42);
        for (int retry = 0; retry < 8; retry++) {
            long ceiling = Math.min(30_000, 1_000L << retry);
            for (int sample = 0; sample < 200; sample++) {
                assertThat(backoff.delay(retry, random).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void jitterSpreadsClientsThatFailedTogether() {
        SplittableRandom random = new SplittableRandom(7);
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.delay(3, random)).distinct().count();
        assertThat(distinct).isGreaterThan(25);
    }

    @Test
    void veryLateRetriesStayAtTheCap() {
        assertThat(backoff.delay(60, new SplittableRandom(1)).toMillis()).isBetween(15_000L, 30_000L);
    }
}
