package dev.precis.support;

import dev.precis.llm.NanoClock;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The breakers' clock under a test's hand: it starts at the system's time and moves only when the test says. A test
 * profile enables it with {@code getEnabledAlternatives()}.
 */
@Alternative
@Singleton
public class ManualNanoClock implements NanoClock {

    private final AtomicLong now = new AtomicLong(System.nanoTime());

    @Override
    public long getAsLong() {
        return now.get();
    }

    public void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
