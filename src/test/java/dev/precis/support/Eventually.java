package dev.precis.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an observable condition (a state the service reports), failing after a generous limit. */
public final class Eventually {

    private Eventually() {
    }

    public static void until(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
