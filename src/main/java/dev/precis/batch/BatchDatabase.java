package dev.precis.batch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.precis.config.DbUrl;
import dev.precis.config.PrecisConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Where batches are kept: PostgreSQL when {@code PRECIS_DB_URL} is set (a fleet shares it), otherwise an embedded H2
 * file in {@code PRECIS_DATA_DIR} (one process, no setup). Connections come from a small pool; the schema is brought
 * up to date ({@link Migrations}) before the first use. A database that cannot be reached makes batches answer 503
 * meanwhile — interactive digests never depend on it — and one WARN says so, one INFO when it is back.
 */
@ApplicationScoped
public class BatchDatabase {

    private static final Logger LOG = Logger.getLogger(BatchDatabase.class);

    /** The database did not answer; the request may be tried again later. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HikariConfig settings;
    /** Opened on first use: a process that never touches batches (the eval command) never opens the database. */
    private HikariDataSource pool;
    private boolean closed;
    private final boolean postgres;
    private final String where;
    private final AtomicBoolean migrated = new AtomicBoolean();
    private final AtomicBoolean down = new AtomicBoolean();
    /** When the database was last found unavailable (System.nanoTime). */
    private volatile long downSince;
    /** While the database was found down this recently, callers are told at once; then it is tried again. */
    private static final long RETRY_DOWN_NANOS = 2_000_000_000L;

    @jakarta.inject.Inject
    BatchDatabase(PrecisConfig config) {
        // the embedded database costs nothing per connection: one for each item under way and a few for requests, so
        // that items finishing together never wait for one
        this(config.db().url(), config.db().user(), config.db().password(), config.dataDir(),
                config.db().url().isPresent() ? config.db().maxConnections()
                        : Math.max(config.db().maxConnections(), dev.precis.llm.LlmGateway.batchSlots(config) + 6));
    }

    /** PostgreSQL at {@code url} when present, else the embedded database in {@code dataDir}. */
    public BatchDatabase(java.util.Optional<String> url, java.util.Optional<String> user,
            java.util.Optional<String> password, Path dataDir, int maxConnections) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("precis-batches");
        hikari.setMaximumPoolSize(maxConnections);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(5_000);
        hikari.setValidationTimeout(2_000);
        // never fail the start on the database: batches wait for it, digests do not need it
        hikari.setInitializationFailTimeout(-1);
        if (url.isPresent()) {
            DbUrl parsed = DbUrl.parse(url.get());
            postgres = true;
            where = "PostgreSQL " + parsed.masked();
            hikari.setJdbcUrl(parsed.jdbc());
            hikari.setDriverClassName("org.postgresql.Driver");
            user.ifPresent(hikari::setUsername);
            password.ifPresent(hikari::setPassword);
            // a query that hangs (a lock held by a dead session, a network partition) ends
            hikari.addDataSourceProperty("socketTimeout", "60");
            hikari.addDataSourceProperty("connectTimeout", "5");
            hikari.addDataSourceProperty("ApplicationName", "precis");
        } else {
            postgres = false;
            Path dir = dataDir.toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("PRECIS_DATA_DIR=" + dataDir + " cannot be created ("
                        + e.getClass().getSimpleName() + "); point it at a writable folder, for example /var/lib/precis, "
                        + "or set PRECIS_DB_URL to use PostgreSQL");
            }
            if (!Files.isWritable(dir)) {
                throw new IllegalStateException("PRECIS_DATA_DIR=" + dataDir + " is not writable by this user; "
                        + "point it at a writable folder, for example /var/lib/precis, or set PRECIS_DB_URL to use PostgreSQL");
            }
            where = "embedded database " + dir.resolve("batches.mv.db");
            hikari.setJdbcUrl(h2Url(dir));
            hikari.setDriverClassName("org.h2.Driver");
            hikari.setUsername("precis");
            hikari.setPassword("");
        }
        this.settings = hikari;
    }

    private synchronized HikariDataSource pool() throws SQLException {
        if (closed) {
            throw new SQLException("the batch database is closed (the service is stopping)");
        }
        if (pool == null) {
            pool = new HikariDataSource(settings);
        }
        return pool;
    }

    /**
     * What would keep the embedded database from opening, said before the start (a folder that cannot be made or
     * written, another process holding the file); nothing to check ahead for PostgreSQL, which may come up later.
     */
    public static java.util.List<String> preflight(java.util.Optional<String> url, Path dataDir) {
        if (url.isPresent()) {
            return java.util.List.of();
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return java.util.List.of("PRECIS_DATA_DIR=" + dataDir + " cannot be created (" + e.getClass().getSimpleName()
                    + "); point it at a writable folder, for example /var/lib/precis, or set PRECIS_DB_URL to use PostgreSQL");
        }
        if (!Files.isWritable(dir)) {
            return java.util.List.of("PRECIS_DATA_DIR=" + dataDir + " is not writable by this user; point it at a "
                    + "writable folder, for example /var/lib/precis, or set PRECIS_DB_URL to use PostgreSQL");
        }
        // one process per folder: a lock held for the life of this process (cheaper than opening the database
        // before the start, and said at once if another process holds it)
        try {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve("precis.lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return java.util.List.of("PRECIS_DATA_DIR=" + dataDir + ": another precis process is using this "
                        + "folder's embedded batch database. Give each process its own folder, or share PostgreSQL "
                        + "(PRECIS_DB_URL)");
            }
            HELD.add(lock);
            return java.util.List.of();
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return java.util.List.of("PRECIS_DATA_DIR=" + dataDir + ": its lock file cannot be taken ("
                    + e.getClass().getSimpleName() + "). Is another precis process using PRECIS_DATA_DIR? Give each "
                    + "process its own folder, or share PostgreSQL (PRECIS_DB_URL)");
        }
    }

    /** The data folders this process holds (see {@link #preflight}), for as long as it runs. */
    private static final java.util.List<java.nio.channels.FileLock> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("batches") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Where batches are kept, as the startup line and logs say it (never a password). */
    public String where() {
        return where;
    }

    public boolean postgres() {
        return postgres;
    }

    /**
     * Opens the database and brings its schema up to date now rather than at the first batch, so that a database
     * that cannot be reached is said at start (a WARN; batches answer 503 until it is back). The embedded one was
     * opened once already before the start ({@link #preflight}), so a folder in use is said and stops the start.
     */
    public void tryAtStart() {
        try (Connection ignored = connection()) {
            // reachable and migrated
        } catch (UnavailableException | SQLException e) {
            // said by unavailable(); the worker tries again every half second
        }
    }

    /**
     * Whether the database answered the last time it was used (the batch worker uses it every half second): what
     * readiness reports, without waiting on a database that does not answer.
     */
    public boolean up() {
        return !down.get();
    }

    /** A connection to a database whose schema is up to date, or {@link UnavailableException}. */
    public Connection connection() {
        if (down.get() && System.nanoTime() - downSince < RETRY_DOWN_NANOS) {
            // known down a moment ago: answer at once rather than wait out the connection timeout again
            throw new UnavailableException("The batch database is unavailable.", null);
        }
        try {
            Connection connection = pool().getConnection();
            if (!migrated.get()) {
                migrate(connection);
            }
            if (down.compareAndSet(true, false)) {
                LOG.infof("batch database (%s) reachable again", where);
            }
            return connection;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private synchronized void migrate(Connection connection) throws SQLException {
        if (migrated.get()) {
            return;
        }
        try {
            int applied = Migrations.apply(connection, postgres);
            migrated.set(true);
            if (applied > 0) {
                LOG.infof("batch database (%s): schema up to date (%d migration(s) applied)", where, applied);
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Says once that the database went away, and gives the exception batches answer 503 with. */
    UnavailableException unavailable(SQLException e) {
        downSince = System.nanoTime();
        if (down.compareAndSet(false, true)) {
            LOG.warnf("batch database (%s) unavailable: %s; batches answer 503 until it is back, digests go on",
                    where, rootMessage(e));
        }
        return new UnavailableException("The batch database is unavailable.", e);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        message = message.replaceAll("[\\p{Cntrl}]", " ");
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    @PreDestroy
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }
}
