package dev.precis.validation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Pattern;

/** Dates at the precision an article gives them: YYYY-MM-DD, YYYY-MM or YYYY. */
final class IsoDates {

    private static final Pattern SHAPE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");

    private IsoDates() {
    }

    /** The first and last day the date covers, or empty when it is not a real date of one of the three shapes. */
    static Optional<LocalDate[]> range(String iso) {
        if (iso == null || !SHAPE.matcher(iso).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (iso.length()) {
                case 4 -> {
                    Year year = Year.parse(iso);
                    yield new LocalDate[] {year.atDay(1), year.atMonth(12).atEndOfMonth()};
                }
                case 7 -> {
                    YearMonth month = YearMonth.parse(iso);
                    yield new LocalDate[] {month.atDay(1), month.atEndOfMonth()};
                }
                default -> {
                    LocalDate day = LocalDate.parse(iso);
                    yield new LocalDate[] {day, day};
                }
            });
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Days between the date's nearest day and {@code reference}; zero when the date covers it. */
    static long daysFrom(LocalDate[] range, LocalDate reference) {
        if (reference.isBefore(range[0])) {
            return range[0].toEpochDay() - reference.toEpochDay();
        }
        if (reference.isAfter(range[1])) {
            return reference.toEpochDay() - range[1].toEpochDay();
        }
        return 0;
    }
}
