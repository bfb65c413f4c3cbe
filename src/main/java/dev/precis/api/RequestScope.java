package dev.precis.api;

import dev.precis.deadline.Deadline;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.deadline.RequestCancelledException;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the work of one HTTP request on a virtual thread of its own and answers for it, so that the request ends when
 * it should whatever the work is doing:
 * <ul>
 * <li>at the deadline, a timer answers 504 itself — the answer goes out from the event loop even when every core is
 * busy — and interrupts the work;</li>
 * <li>a client who disconnects interrupts the work too.</li>
 * </ul>
 * Every blocking step of the pipeline — waiting for a turn, backing off, waiting on the LLM — turns the interrupt into
 * an aborted upstream call, and every loop over text stops at its next checkpoint, so no tokens and no CPU are spent
 * for nobody. A result that comes too late is dropped.
 */
final class RequestScope {

    /** Lets the pipeline's own deadline checks answer first; the timer is the backstop for work that cannot look. */
    private static final long GRACE_MILLIS = 100;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "precis-deadline-timer");
        thread.setDaemon(true);
        return thread;
    });

    private RequestScope() {
    }

    static <T> CompletionStage<T> run(HttpServerRequest http, Deadline deadline, Supplier<T> work) {
        if (http.response().closed()) {
            // Gone already: nothing to start.
            return CompletableFuture.failedFuture(new RequestCancelledException());
        }
        CompletableFuture<T> answer = run(deadline, work);
        http.response().closeHandler(closed -> answer.completeExceptionally(new RequestCancelledException()));
        if (http.response().closed()) {
            // Closed while the handler was being put in place.
            answer.completeExceptionally(new RequestCancelledException());
        }
        return answer;
    }

    /** The work's result, or its failure, or a {@link DeadlineExceededException} just after the deadline. */
    static <T> CompletableFuture<T> run(Deadline deadline, Supplier<T> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("precis-digest").unstarted(() -> {
            try {
                answer.complete(work.get());
            } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e);
            }
        });
        ScheduledFuture<?> timer = TIMER.schedule(() -> answer.completeExceptionally(new DeadlineExceededException()),
                deadline.remaining().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        // However the answer ends early — the timer, the client's departure, or the framework cancelling it — the
        // work stops; when the work itself ended it, the interrupt finds nothing left to stop.
        answer.whenComplete((result, failure) -> {
            timer.cancel(false);
            if (failure != null) {
                worker.interrupt();
            }
        });
        worker.start();
        return answer;
    }
}
