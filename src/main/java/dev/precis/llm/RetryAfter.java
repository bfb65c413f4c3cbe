package dev.precis.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
public final class RetryAfter {

    /** Longer waits are taken as this: no client will wait a day, and huge values would overflow later sums. */
    private static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(atMostADay(Duration.ofSeconds(Long.parseLong(trimmed))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : atMostADay(wait));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration atMostADay(Duration wait) {
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    /**
     * The longest wait passed on from a backend. A backend may ask for hours; a client told so would stop for hours
     * on one backend's word (and a fallback or a recovery may come much sooner). Beyond this, it asks again.
     */
    public static final Duration LONGEST_PASSED_ON = Duration.ofMinutes(5);

    /** A backend's wait as we advise it to our own client. */
    public static Duration passedOn(Duration backendWait) {
        return backendWait.compareTo(LONGEST_PASSED_ON) > 0 ? LONGEST_PASSED_ON : backendWait;
    }

    /** The header value for a wait: whole seconds, rounded up, at least one. */
    public static String headerValue(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Long.toString(seconds);
    }
}
