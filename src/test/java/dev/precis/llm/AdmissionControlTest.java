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

    private static AdmissionControl.Permit enter(AdmissionControl admission) {
        try {
            return admission.enter(Deadline.after(Duration.ofMinutes(1)));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
