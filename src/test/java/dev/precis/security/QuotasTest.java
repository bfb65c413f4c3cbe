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
    void requestsPerMinuteAreRefusedUntilTheNextMinute() {
        Client client = new Client("tight", new Limits(2, 0, 0));
        quotas.admitRequest(client);
        quotas.admitRequest(client);
        assertThatThrownBy(() -> quotas.admitRequest(client))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));

        now = now.plusSeconds(30);
        quotas.admitRequest(client);
    }

    @Test
    void tokensAreReservedUpFrontAndSettledWithTheRealCount() {
        Client client = new Client("thrifty", new Limits(0, 1_000, 0));
        Quotas.Reservation first = quotas.reserveTokens(client, 600);
        assertThatThrownBy(() -> quotas.reserveTokens(client, 600)).isInstanceOf(QuotaExceededException.class);

        first.settle(200);
        quotas.reserveTokens(client, 600).settle(600);
        assertThatThrownBy(() -> quotas.reserveTokens(client, 300)).isInstanceOf(QuotaExceededException.class);
        now = now.plusSeconds(60);
        quotas.reserveTokens(client, 900);
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
