package dev.precis.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void delaySeconds() {
        assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void httpDate() {
        assertThat(RetryAfter.parse("Sun, 29 Nov 2026 10:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sun, 29 Nov 2026 09:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void nonsenseIsIgnored() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
    }

    @Test
    void headerValueRoundsUpToWholeSecondsOfAtLeastOne() {
        assertThat(RetryAfter.headerValue(Duration.ofMillis(10))).isEqualTo("1");
        assertThat(RetryAfter.headerValue(Duration.ofMillis(4_001))).isEqualTo("5");
        assertThat(RetryAfter.headerValue(Duration.ofSeconds(120))).isEqualTo("120");
    }
}
