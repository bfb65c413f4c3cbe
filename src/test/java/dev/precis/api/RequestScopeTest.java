package dev.precis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precis.deadline.Deadline;
import dev.precis.deadline.DeadlineExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A request's answer leaves at its deadline whatever its work is doing — even CPU work that never looks at the
 * clock — and the work is told to stop. Bounds are generous: they only catch an answer that waits for the work.
 */
class RequestScopeTest {

    @Test
    void workThatNeverLooksUpIsAnsweredAtTheDeadlineAndInterrupted() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        long started = System.nanoTime();
        CompletableFuture<String> answer = RequestScope.run(Deadline.after(Duration.ofMillis(200)), () -> {
            // Ten seconds of CPU that never checks the deadline, only (now and then) whether it was interrupted.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted.set(true);
                    break;
                }
            }
            stopped.countDown();
            return "too late";
        });

        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DeadlineExceededException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("ms to the 504").isLessThan(5_000);
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).as("the work was told to stop").isTrue();
    }

    @Test
    void workThatFinishesInTimeIsTheAnswer() throws Exception {
        CompletableFuture<String> answer = RequestScope.run(Deadline.after(Duration.ofSeconds(30)), () -> "digest");
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("digest");
    }

    @Test
    void cancellingTheAnswerInterruptsTheWork() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<String> answer = RequestScope.run(Deadline.after(Duration.ofSeconds(30)), () -> {
            running.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "unused";
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        answer.cancel(true);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the work was interrupted").isTrue();
    }
}
