package dev.precis.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.Redis;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The quota scripts against the machine's Redis, with the time given by the test: windows hold at every instant and
 * across replicas, settlement corrects a reservation once, and every key goes away on its own.
 */
class SharedQuotasTest {

    @org.junit.jupiter.api.BeforeAll
    static void needsRedis() {
        Redis.assumeAvailable();
    }

    private static final long DAY = 86_400_000L;
    private final String prefix = Redis.prefix();
    private final AtomicLong now = new AtomicLong(100 * DAY + 1_000);
    private final RedisLink link = Redis.link(Redis.URL, prefix);
    private final RedisLink otherReplica = Redis.link(Redis.URL, prefix);
    private final SharedQuotas quotas = new SharedQuotas(link, now::get);
    private final SharedQuotas other = new SharedQuotas(otherReplica, now::get);
    private int ids;

    @AfterEach
    void clean() {
        link.close();
        otherReplica.close();
        Redis.clean(Redis.URL, prefix);
    }

    private String id() {
        return "r" + ++ids;
    }

    @Test
    void theRequestWindowHoldsAtEveryInstant() {
        long start = now.get();
        for (int i = 0; i < 3; i++) {
            now.set(start + 10L * i);
            assertThat(quotas.admit("alice", 3, id()).allowed()).isTrue();
        }
        now.set(start + 30);
        SharedQuotas.Decision refused = quotas.admit("alice", 3, id());
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.waitMillis()).as("until the first request leaves the minute").isEqualTo(59_970);
        now.set(start + 59_999);
        assertThat(quotas.admit("alice", 3, id()).waitMillis()).isEqualTo(1);
        now.set(start + 60_000);
        assertThat(quotas.admit("alice", 3, id()).allowed()).as("the first request left exactly now").isTrue();
        SharedQuotas.Decision next = quotas.admit("alice", 3, id());
        assertThat(next.allowed()).isFalse();
        assertThat(next.waitMillis()).isEqualTo(10);
        assertThat(quotas.admit("bob", 3, id()).allowed()).as("another client has its own window").isTrue();
    }

    @Test
    void twoReplicasShareOneWindowExactly() {
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            SharedQuotas replica = i % 2 == 0 ? quotas : other;
            if (replica.admit("alice", 10, id()).allowed()) {
                allowed++;
            }
            now.addAndGet(100);
        }
        assertThat(allowed).isEqualTo(10);
    }

    @Test
    void aRequestAdmittedWhileRedisWasDownIsHandedOverOnceAndOnlyWithinItsMinute() {
        quotas.handOverRequest("alice", "kept-1", 1_000);
        quotas.handOverRequest("alice", "kept-1", 1_000);
        quotas.handOverRequest("alice", "too-old", 61_000);
        assertThat(quotas.admit("alice", 2, id()).allowed()).isTrue();
        assertThat(quotas.admit("alice", 2, id()).allowed()).as("one handed-over request and one new fill 2").isFalse();
    }

    @Test
    void tokensAreReservedThenSettledWithTheRealCountOnce() {
        assertThat(quotas.reserve("alice", 1_000, 0, 600, "s1").allowed()).isTrue();
        now.addAndGet(1);
        SharedQuotas.Decision refused = other.reserve("alice", 1_000, 0, 600, "s2");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.quota()).isEqualTo("minute");
        assertThat(refused.left()).isEqualTo(400);
        assertThat(refused.waitMillis()).isEqualTo(59_999);

        quotas.settle("alice", "s1", 600, 100);
        quotas.settle("alice", "s1", 600, 900); // a second settlement of the same reservation changes nothing
        assertThat(other.reserve("alice", 1_000, 0, 600, "s3").allowed()).as("100 + 600 fit").isTrue();
        assertThat(other.reserve("alice", 1_000, 0, 301, "s4").allowed()).as("700 + 301 do not").isFalse();
        assertThat(other.reserve("alice", 1_000, 0, 300, "s5").allowed()).isTrue();
    }

    @Test
    void aFailedRequestSettledAtZeroGivesItsTokensBack() {
        assertThat(quotas.reserve("alice", 1_000, 5_000, 1_000, "s1").allowed()).isTrue();
        assertThat(quotas.reserve("alice", 1_000, 5_000, 1, "s2").allowed()).isFalse();
        quotas.settle("alice", "s1", 1_000, 0);
        assertThat(quotas.reserve("alice", 1_000, 5_000, 1_000, "s3").allowed()).isTrue();
        assertThat(dayCount()).as("the day holds only what was really spent").isEqualTo(1_000);
    }

    @Test
    void theDailyQuotaEndsAtMidnightUtc() {
        assertThat(quotas.reserve("alice", 0, 1_000, 700, "s1").allowed()).isTrue();
        SharedQuotas.Decision refused = quotas.reserve("alice", 0, 1_000, 400, "s2");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.quota()).isEqualTo("day");
        assertThat(refused.left()).isEqualTo(300);
        assertThat(refused.waitMillis()).isEqualTo(DAY - now.get() % DAY);
        now.set((now.get() / DAY + 1) * DAY);
        assertThat(quotas.reserve("alice", 0, 1_000, 400, "s3").allowed()).as("a new day").isTrue();
    }

    @Test
    void aSpendThatLeftTheMinuteAndCostMoreIsChargedWhenSettled() {
        long start = now.get();
        assertThat(quotas.reserve("alice", 250, 0, 100, "s1").allowed()).isTrue();
        now.set(start + 70_000);
        quotas.settle("alice", "s1", 100, 300);
        now.set(start + 70_001);
        SharedQuotas.Decision refused = quotas.reserve("alice", 250, 0, 100, "s2");
        assertThat(refused.allowed()).as("the 200 more are in this minute").isFalse();
        assertThat(refused.waitMillis()).isEqualTo(59_999);
        assertThat(dayCount()).isEqualTo(300);
    }

    @Test
    void tokensSpentWhileRedisWasDownAreHandedOverOnce() {
        quotas.handOverTokens("alice", "k1", 500, 700);
        quotas.handOverTokens("alice", "k1", 500, 700);
        assertThat(quotas.reserve("alice", 1_000, 0, 300, "s1").allowed()).isTrue();
        assertThat(quotas.reserve("alice", 1_000, 0, 1, "s2").allowed()).isFalse();
        assertThat(dayCount()).isEqualTo(1_000);
    }

    @Test
    void aReservationThatReachedRedisWhileItsAnswerWasLostIsSettledByTheHandOverNotAddedTo() {
        // the reservation arrived, its answer did not: the replica reserved locally and hands over the real count
        assertThat(quotas.reserve("alice", 3_000, 0, 1_536, "lost").allowed()).isTrue();
        quotas.handOverTokens("alice", "lost", 0, 1_000);
        quotas.handOverTokens("alice", "lost", 0, 1_000);
        assertThat(dayCount()).as("the real count, once").isEqualTo(1_000);
        assertThat(quotas.reserve("alice", 3_000, 0, 2_000, "next").allowed()).as("1,000 + 2,000 fit").isTrue();
        assertThat(quotas.reserve("alice", 3_000, 0, 1, "over").allowed()).isFalse();
    }

    @Test
    void everyKeyExpiresOnItsOwn() {
        quotas.admit("alice", 5, id());
        quotas.reserve("alice", 1_000, 5_000, 10, "s1");
        try (JedisPooled redis = Redis.client(Redis.URL)) {
            for (String key : Redis.keys(Redis.URL, prefix)) {
                long ttl = redis.pttl(key);
                assertThat(ttl).as(key).isPositive();
                assertThat(ttl).as(key).isLessThanOrEqualTo(key.contains(":day:") ? 2 * DAY : 61_000);
            }
        }
    }

    private long dayCount() {
        try (JedisPooled redis = Redis.client(Redis.URL)) {
            return Long.parseLong(redis.get(prefix + "q:{alice}:day:" + now.get() / DAY));
        }
    }
}
