package dev.precis.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust authentication; {@code .ci/run} makes sure one answers) for tests:
 * each test takes a schema of its own in the {@code test} database, so runs never see each other's batches, and
 * drops it when done.
 */
public final class Postgres {

    public static final String HOST_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private Postgres() {
    }

    /** Skips the test, saying why, when no PostgreSQL answers at 127.0.0.1:5432. */
    public static void assumeAvailable() {
        String why = "needs PostgreSQL at 127.0.0.1:5432 with a 'test' database (trust auth); .ci/run starts it";
        if ("true".equals(System.getenv("CI"))) {
            // .ci/run made sure it answers: not answering now is a failure, never a silent skip
            org.junit.jupiter.api.Assertions.assertTrue(answers(), why);
        } else {
            org.junit.jupiter.api.Assumptions.assumeTrue(answers(), why);
        }
    }

    /** Whether it answers, tried for a few seconds (a busy machine may be slow to accept a connection). */
    public static boolean answers() {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Connection c = DriverManager.getConnection(HOST_URL + "?connectTimeout=5", USER, "")) {
                return c.isValid(5);
            } catch (SQLException e) {
                if (System.nanoTime() > until) {
                    return false;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** A new empty schema; its JDBC URL, which PRECIS_DB_URL can take as it is. */
    public static String newSchema() {
        String schema = "precis_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        run("CREATE SCHEMA " + schema);
        return HOST_URL + "?currentSchema=" + schema;
    }

    public static void dropSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        run("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void run(String sql) {
        try (Connection c = DriverManager.getConnection(HOST_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
