package dev.precis.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The schema, brought up to date on first use: the numbered SQL files beside this class, applied in order, each
 * once, on PostgreSQL and on the embedded database alike (the same files). Replicas starting together on one
 * PostgreSQL take turns (an advisory lock): one applies, the others find it done.
 */
final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    /** In order; a new file is added at the end and never edited once released. */
    static final List<String> FILES = List.of("V1__batches.sql");
    /** Any number: the advisory lock that serialises replicas migrating one database. */
    private static final long LOCK = 0x70726563697301L;

    private Migrations() {
    }

    /** @return the migrations applied now (0 when the schema was up to date) */
    static int apply(Connection connection, boolean postgres) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS precis_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
            if (postgres) {
                statement.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            }
            try {
                int applied = 0;
                int current = current(connection);
                for (int version = current + 1; version <= FILES.size(); version++) {
                    apply(connection, version, FILES.get(version - 1));
                    applied++;
                }
                return applied;
            } finally {
                if (postgres) {
                    statement.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int current(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM precis_schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void apply(Connection connection, int version, String file) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(read(file))) {
                statement.execute(sql);
            }
            try (PreparedStatement done = connection.prepareStatement(
                    "INSERT INTO precis_schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                done.setInt(1, version);
                done.setString(2, file);
                done.setLong(3, System.currentTimeMillis());
                done.executeUpdate();
            }
            connection.commit();
            LOG.infof("batch database: applied %s", file);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The statements of a file: separated by semicolons at line ends; comment lines dropped. */
    static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("migration " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
