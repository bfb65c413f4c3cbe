package dev.precis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class QuotasTest {

    private Instant now = Instant.parse("2026-11-29T10:00:30Z");
    private final Quotas quotas = new Quotas(new SimpleMeterRegistry(), new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void requestsPerMinuteAreRefusedUntilTheOldestLeavesTheMinute() {
        Client client = new Client("tight", new Limits(2, 0, 0));
        quotas.admitRequest(client);
        now = now.plusSeconds(20);
        quotas.admitRequest(client);
        assertThatThrownBy(() -> quotas.admitRequest(client))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(40)));

        now = now.plusSeconds(40);
        quotas.admitRequest(client);
        assertThatThrownBy(() -> quotas.admitRequest(client)).isInstanceOf(QuotaExceededException.class);
    }

    /** A fixed window let ten through in 1.4 s around a minute boundary with rpm=5; any 60 s now hold five. */
    @Test
    void theQuotaHoldsAcrossTheMinuteBoundary() {
        Client client = new Client("five", new Limits(5, 0, 0));
        now = Instant.parse("2026-11-29T10:00:59.300Z");
        for (int i = 0; i < 5; i++) {
            quotas.admitRequest(client);
        }
        now = Instant.parse("2026-11-29T10:01:00.700Z");
        assertThatThrownBy(() -> quotas.admitRequest(client)).isInstanceOf(QuotaExceededException.class);
        now = Instant.parse("2026-11-29T10:01:59.301Z");
        quotas.admitRequest(client);
    }

    @Test
    void tokensAreReservedUpFrontAndSettledWithTheRealCount() {
        Client client = new Client("thrifty", new Limits(0, 1_000, 0));
        Quotas.Reservation first = quotas.reserveTokens(client, 600);
        assertThatThrownBy(() -> quotas.reserveTokens(client, 600)).isInstanceOf(QuotaExceededException.class);

        first.settle(200);
        now = now.plusSeconds(10);
        quotas.reserveTokens(client, 600).settle(600);
        assertThatThrownBy(() -> quotas.reserveTokens(client, 300))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.retryAfter()).as("until the first 200 leave").isEqualTo(Duration.ofSeconds(50)));
        now = now.plusSeconds(50);
        quotas.reserveTokens(client, 300);
        assertThatThrownBy(() -> quotas.reserveTokens(client, 300)).isInstanceOf(QuotaExceededException.class);
        now = now.plusSeconds(10);
        quotas.reserveTokens(client, 700);
    }

    @Test
    void theDailyQuotaLastsUntilMidnightUtc() {
        Client client = new Client("daily", new Limits(0, 0, 1_000));
        quotas.reserveTokens(client, 1_000).settle(1_000);
        assertThatThrownBy(() -> quotas.reserveTokens(client, 1))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(50_370)));
        now = Instant.parse("2026-11-30T00:00:00Z");
        quotas.reserveTokens(client, 1_000);
    }

    @Test
    void callersWithoutAKeyAreNotMetered() {
        quotas.reserveTokens(null, Long.MAX_VALUE).settle(Long.MAX_VALUE);
    }
}
