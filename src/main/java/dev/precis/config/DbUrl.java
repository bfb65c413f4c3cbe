package dev.precis.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PRECIS_DB_URL}: a PostgreSQL JDBC URL, {@code jdbc:postgresql://host[:port]/database[?parameters]}. A
 * password may be in it ({@code ?password=}) but is never shown: {@link #masked()} is what logs and messages say.
 */
public record DbUrl(String jdbc, String host, int port, String database) {

    private static final String VARIABLE = "PRECIS_DB_URL";
    private static final String EXAMPLE = "jdbc:postgresql://postgres:5432/precis";
    private static final Pattern SHAPE = Pattern.compile(
            "jdbc:postgresql://(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?/([A-Za-z0-9_.-]{1,63})(\\?[^#\\s]*)?");

    public static DbUrl parse(String value) {
        String url = value.strip();
        if (url.isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + " is empty; leave it unset for the embedded database, or "
                    + "for example " + EXAMPLE);
        }
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(VARIABLE + "=" + maskedText(url) + " is not a PostgreSQL JDBC URL "
                    + "(only PostgreSQL is supported; unset, an embedded database is used); for example " + EXAMPLE);
        }
        if (url.contains("@")) {
            throw new IllegalArgumentException(VARIABLE + "=" + maskedText(url) + " has a user or password before the "
                    + "host, which JDBC does not read; give them as PRECIS_DB_USER and PRECIS_DB_PASSWORD; for example "
                    + EXAMPLE);
        }
        Matcher m = SHAPE.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException(VARIABLE + "=" + maskedText(url) + " is not of the form "
                    + "jdbc:postgresql://host[:port]/database; for example " + EXAMPLE);
        }
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(VARIABLE + "=" + maskedText(url) + ": " + port + " is not a port "
                    + "(1-65535); for example " + EXAMPLE);
        }
        return new DbUrl(url, m.group(1), port, m.group(3));
    }

    /** host:port/database, which is what a log line needs and never a secret. */
    public String masked() {
        return host + ":" + port + "/" + database;
    }

    /** The text as given, credentials and parameters masked the same way as a Redis URL's. */
    static String maskedText(String url) {
        return RedisUrl.masked(url);
    }
}
