package dev.precis.api;

import dev.precis.digest.InvalidRequestException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reads {@code publishedAt}, given as text in JSON bodies and query strings alike. */
final class RequestDates {

    private RequestDates() {
    }

    static LocalDate parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String date = value.strip();
        if (!date.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new InvalidRequestException("'publishedAt' must be a date written YYYY-MM-DD.");
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'publishedAt' must be a date written YYYY-MM-DD.");
        }
    }
}
