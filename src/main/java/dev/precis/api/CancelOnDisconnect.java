package dev.precis.api;

import dev.precis.deadline.RequestCancelledException;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs work for one HTTP request so that a client who disconnects cancels it: the connection's close interrupts
 * the (virtual) thread doing the work, and every blocking step of the pipeline — waiting for a turn, backing off,
 * waiting on the LLM — turns the interrupt into an aborted upstream call. No tokens are paid for nobody.
 */
final class CancelOnDisconnect {

    private CancelOnDisconnect() {
    }

    static <T> T run(HttpServerRequest http, Supplier<T> work) {
        Thread worker = Thread.currentThread();
        AtomicBoolean finished = new AtomicBoolean();
        http.response().closeHandler(closed -> {
            if (!finished.get()) {
                worker.interrupt();
            }
        });
        if (http.response().closed()) {
            // Gone before the handler was in place: it will never fire.
            throw new RequestCancelledException();
        }
        try {
            return work.get();
        } finally {
            finished.set(true);
        }
    }
}
