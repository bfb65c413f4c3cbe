package dev.precis.llm;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.function.LongSupplier;

/**
 * The monotonic clock the circuit breakers read ({@link System#nanoTime()}). A bean, so that a test can move time on
 * instead of waiting for it: a breaker's open period then ends when the test says, not when a busy machine gets there.
 */
public interface NanoClock extends LongSupplier {

    /** The system's clock, unless another bean replaces it. */
    @Singleton
    class Producer {
        @Produces
        @DefaultBean
        @Singleton
        NanoClock nanoClock() {
            return System::nanoTime;
        }
    }
}
