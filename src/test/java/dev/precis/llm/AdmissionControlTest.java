package dev.precis.llm;

import dev.precis.deadline.Deadline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    private final Deadline later = Deadline.after(Duration.ofMinutes(1));

    @Test
    void beyondTheSlotsAndTheQueueCallsAreRefusedAtOnce() throws Exception {
        AdmissionControl admission = new AdmissionControl(1, 1, Duration.ofSeconds(30));
        AdmissionControl.Permit first = admission.enter(later);
        CompletableFuture<AdmissionControl.Permit> queued = CompletableFuture.supplyAsync(() -> enter(admission));
        while (admission.waiting() == 0) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> admission.enter(later)).isInstanceOf(LoadShedException.class);

        first.close();
        AdmissionControl.Permit second = queued.get(10, TimeUnit.SECONDS);
        assertThat(admission.inFlight()).isEqualTo(1);
        second.close();
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void aQueuedCallGivesUpAfterTheMaximumWait() throws Exception {
        AdmissionControl admission = new AdmissionControl(1, 5, Duration.ofMillis(50));
        try (AdmissionControl.Permit held = admission.enter(later)) {
            assertThatThrownBy(() -> admission.enter(later)).isInstanceOf(LoadShedException.class);
            assertThat(admission.waiting()).isZero();
        }
    }

    @Test
    void backgroundWorkHoldsAtMostItsShareAndInteractiveCallsKeepTheRest() throws Exception {
        AdmissionControl admission = new AdmissionControl(4, 8, Duration.ofSeconds(30), 1);
        AdmissionControl.Permit batch = background(admission, later);
        assertThat(admission.backgroundInFlight()).isEqualTo(1);
        // a second background call waits for the share, not for a free slot: three are free
        CompletableFuture<AdmissionControl.Permit> second = CompletableFuture.supplyAsync(() -> background(admission,
                Deadline.after(Duration.ofMinutes(1))));
        AdmissionControl.Permit a = admission.enter(later);
        AdmissionControl.Permit b = admission.enter(later);
        AdmissionControl.Permit c = admission.enter(later);
        assertThat(admission.inFlight()).isEqualTo(4);
        assertThat(second).isNotDone();
        batch.close();
        AdmissionControl.Permit next = second.get(10, TimeUnit.SECONDS);
        assertThat(admission.backgroundInFlight()).isEqualTo(1);
        for (AdmissionControl.Permit permit : new AdmissionControl.Permit[] {a, b, c, next}) {
            permit.close();
        }
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void aFreedSlotGoesToTheWaitingInteractiveCallBeforeBackgroundWork() throws Exception {
        AdmissionControl admission = new AdmissionControl(1, 8, Duration.ofSeconds(30), 1);
        AdmissionControl.Permit held = admission.enter(later);
        CompletableFuture<AdmissionControl.Permit> interactive = CompletableFuture.supplyAsync(() -> enter(admission));
        while (admission.waiting() == 0) {
            Thread.onSpinWait();
        }
        CompletableFuture<AdmissionControl.Permit> batch = CompletableFuture.supplyAsync(() -> background(admission,
                Deadline.after(Duration.ofMinutes(1))));
        Thread.sleep(50);
        held.close();
        AdmissionControl.Permit first = interactive.get(10, TimeUnit.SECONDS);
        assertThat(batch).isNotDone();
        first.close();
        batch.get(10, TimeUnit.SECONDS).close();
        assertThat(admission.inFlight()).isZero();
        assertThat(admission.backgroundInFlight()).isZero();
    }

    @Test
    void backgroundWorkThatFindsNoSlotBeforeItsDeadlineIsShedAndGivesItsShareBack() throws Exception {
        AdmissionControl admission = new AdmissionControl(1, 8, Duration.ofSeconds(30), 1);
        try (AdmissionControl.Permit held = admission.enter(later)) {
            assertThatThrownBy(() -> background(admission, Deadline.after(Duration.ofMillis(30))))
                    .hasCauseInstanceOf(LoadShedException.class);
            assertThat(admission.backgroundInFlight()).isZero();
        }
    }

    private static AdmissionControl.Permit background(AdmissionControl admission, Deadline deadline) {
        return BackgroundWork.run(() -> {
            try {
                return admission.enter(deadline);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } catch (LoadShedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static AdmissionControl.Permit enter(AdmissionControl admission) {
        try {
            return admission.enter(Deadline.after(Duration.ofMinutes(1)));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
