package dev.precis.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.Eventually;
import dev.precis.support.Redis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lease and answer scripts against the machine's Redis: one leader, takeover after its death, bounds. */
class SharedAnswersTest {

    @org.junit.jupiter.api.BeforeAll
    static void needsRedis() {
        Redis.assumeAvailable();
    }

    private final String prefix = Redis.prefix();
    private final RedisLink linkA = Redis.link(Redis.URL, prefix);
    private final RedisLink linkB = Redis.link(Redis.URL, prefix);

    @AfterEach
    void clean() {
        linkA.close();
        linkB.close();
        Redis.clean(Redis.URL, prefix);
    }

    private SharedAnswers replica(RedisLink link, Duration lease, Duration ttl, int max) {
        return new SharedAnswers(link, lease, ttl, max);
    }

    @Test
    void oneReplicaLeadsTheOthersWaitThenAllReadItsAnswer() {
        SharedAnswers a = replica(linkA, Duration.ofSeconds(10), Duration.ofHours(1), 100);
        SharedAnswers b = replica(linkB, Duration.ofSeconds(10), Duration.ofHours(1), 100);
        SharedAnswers.Step first = a.step("k");
        assertThat(first).isInstanceOf(SharedAnswers.Step.Lead.class);
        assertThat(b.step("k")).isInstanceOf(SharedAnswers.Step.Wait.class);
        a.finish("k", (SharedAnswers.Step.Lead) first, "answer".getBytes(StandardCharsets.UTF_8));
        SharedAnswers.Step read = b.step("k");
        assertThat(read).isInstanceOf(SharedAnswers.Step.Stored.class);
        assertThat(new String(((SharedAnswers.Step.Stored) read).answer(), StandardCharsets.UTF_8)).isEqualTo("answer");
        a.close();
        b.close();
    }

    @Test
    void aLeaderThatFailsGivesTheLeaseBackAtOnce() {
        SharedAnswers a = replica(linkA, Duration.ofSeconds(10), Duration.ofHours(1), 100);
        SharedAnswers b = replica(linkB, Duration.ofSeconds(10), Duration.ofHours(1), 100);
        a.finish("k", (SharedAnswers.Step.Lead) a.step("k"), null);
        assertThat(b.step("k")).isInstanceOf(SharedAnswers.Step.Lead.class);
        a.close();
        b.close();
    }

    @Test
    void aLeaseIsRenewedWhileItsReplicaLivesAndTakenOverWhenItDies() {
        SharedAnswers a = replica(linkA, Duration.ofMillis(300), Duration.ofHours(1), 100);
        SharedAnswers b = replica(linkB, Duration.ofMillis(300), Duration.ofHours(1), 100);
        SharedAnswers.Step.Lead lead = (SharedAnswers.Step.Lead) a.step("k");
        long until = System.nanoTime() + Duration.ofMillis(1_200).toNanos();
        while (System.nanoTime() < until) {
            assertThat(b.step("k")).as("the leader still works: its lease is renewed").isInstanceOf(SharedAnswers.Step.Wait.class);
            sleep(100);
        }
        a.close(); // the replica dies: nothing renews its lease any more
        Eventually.until(Duration.ofSeconds(10), () -> b.step("k") instanceof SharedAnswers.Step.Lead);
        // the dead leader's late finish does not free the lease its successor holds
        a.finish("k", lead, null);
        SharedAnswers c = replica(linkA, Duration.ofMillis(300), Duration.ofHours(1), 100);
        assertThat(c.step("k")).isInstanceOf(SharedAnswers.Step.Wait.class);
        b.close();
        c.close();
    }

    @Test
    void answersAreBoundedInNumberAndInAge() {
        SharedAnswers a = replica(linkA, Duration.ofSeconds(10), Duration.ofMillis(1_500), 3);
        for (int i = 1; i <= 5; i++) {
            a.finish("k" + i, (SharedAnswers.Step.Lead) a.step("k" + i), ("a" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(a.step("k5")).isInstanceOf(SharedAnswers.Step.Stored.class);
        assertThat(a.step("k3")).isInstanceOf(SharedAnswers.Step.Stored.class);
        assertThat(a.step("k2")).as("the oldest beyond the bound are dropped").isInstanceOf(SharedAnswers.Step.Lead.class);
        Eventually.until(Duration.ofSeconds(10), () -> a.step("k5") instanceof SharedAnswers.Step.Lead);
        a.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
