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
        org.junit.jupiter.api.Assumptions.assumeTrue(answers(),
                "needs PostgreSQL at 127.0.0.1:5432 with a 'test' database (trust auth); .ci/run starts it");
    }

    public static boolean answers() {
        try (Connection c = DriverManager.getConnection(HOST_URL + "?connectTimeout=2", USER, "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
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
