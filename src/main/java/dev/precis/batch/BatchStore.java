package dev.precis.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every statement about batches, in portable SQL (PostgreSQL and the embedded H2 run the same text). Times are epoch
 * milliseconds given by the caller (one clock, testable). Leases are rows: an item is taken with {@code FOR UPDATE
 * SKIP LOCKED} (replicas taking items at once never take the same one), marked {@code leased} until a time, with a
 * token that every later write must present — a replica whose lease ran out and was taken over cannot write its late
 * result over its successor's.
 */
public final class BatchStore {

    /** Item states; the last three are final. */
    public static final String QUEUED = "queued", LEASED = "leased", SUCCEEDED = "succeeded", FAILED = "failed",
            CANCELLED = "cancelled";
    /** Batch statuses. */
    public static final String RUNNING = "running", COMPLETED = "completed";

    /** Items written per round trip while a batch is stored. */
    private static final int INSERT_CHUNK = 500;
    /** Result rows read per round trip while results are streamed. */
    private static final int RESULT_PAGE = 200;

    public record NewItem(String itemId, String request) {
    }

    public record Batch(String id, String owner, String status, int total, int succeeded, int failed, int cancelled,
            long llmCalls, long inputTokens, long outputTokens, String callbackUrl, String metadata, long createdAt,
            Long startedAt, Long finishedAt, String callbackState, int callbackAttempts, String bodySha256) {

        public int pending() {
            return total - succeeded - failed - cancelled;
        }
    }

    /** An item taken for a while; its request (the article) is read by whoever works on it ({@link #request}). */
    public record Leased(String batchId, int line, String itemId, String owner, int attempts, int waits, long token) {
    }

    public record Result(int line, String itemId, String state, String result) {
    }

    public record Usage(long llmCalls, long inputTokens, long outputTokens) {
        public static final Usage NONE = new Usage(0, 0, 0);
    }

    public record Stats(long queued, long leased, Long oldestQueuedCreatedAt) {
    }

    /** Receives the items of a batch being stored; {@link #abandon()} rolls everything back. */
    public interface ItemSink {
        void add(NewItem item);

        int count();
    }

    private static final String BATCH_COLUMNS = "id, owner, status, total, succeeded, failed, cancelled, llm_calls, "
            + "input_tokens, output_tokens, callback_url, metadata, created_at, started_at, finished_at, callback_state, "
            + "callback_attempts, body_sha256";

    private final BatchDatabase database;
    /**
     * How rows about to be taken are locked. PostgreSQL: {@code FOR UPDATE SKIP LOCKED}, so replicas taking items at
     * once pass each other by. The embedded database belongs to one process, whose one dispatcher takes items, and
     * H2 would lock every row its query reads rather than those it returns (on a 20,000-item batch each lease wrote
     * 20,000 locks): there, nothing is locked ahead; the update that takes a row says again what it must still be,
     * and a row that changed meanwhile is simply not taken.
     */
    private final String skipLocked;

    public BatchStore(BatchDatabase database) {
        this.database = database;
        this.skipLocked = database.postgres() ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** What {@link #create} did: stored a new batch, found the one a retried submission made, or nothing. */
    public sealed interface Created {
        record Stored(Batch batch) implements Created {
        }

        record Existing(Batch batch) implements Created {
        }

        /** The filler found the items wanting (it says why itself): nothing was stored. */
        record Abandoned() implements Created {
        }

        /** The owner has too many items waiting already: nothing was stored. */
        record OverPending(long waiting, long limit) implements Created {
        }
    }

    /** The batch an idempotency key made, if any. */
    public Optional<Batch> byIdempotencyKey(String owner, String key) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + BATCH_COLUMNS
                    + " FROM precis_batches WHERE owner = ? AND idempotency_key = ?")) {
                s.setString(1, owner);
                s.setString(2, key);
                return one(s);
            }
        });
    }

    /**
     * Stores a batch in one transaction: the filler adds its items as it reads them (written in chunks, never all
     * held), then says whether to keep them. A batch appears whole or not at all.
     *
     * @param fill adds the items; returns false to abandon the batch
     */
    public Created create(String id, String owner, String idempotencyKey, String callbackUrl, String metadata, long now,
            java.util.function.Function<ItemSink, BodyDigest> fill) {
        return create(id, owner, idempotencyKey, callbackUrl, metadata, now, Long.MAX_VALUE, fill);
    }

    /** The same, refusing a batch that would leave the owner more than {@code maxPendingPerOwner} items not ended. */
    public Created create(String id, String owner, String idempotencyKey, String callbackUrl, String metadata, long now,
            long maxPendingPerOwner, java.util.function.Function<ItemSink, BodyDigest> fill) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO precis_batch_items (batch_id, line, item_id, "
                    + "request, state, attempts, due_at) VALUES (?, ?, ?, ?, 'queued', 0, ?)")) {
                int[] count = {0};
                int[] pending = {0};
                ItemSink sink = new ItemSink() {
                    @Override
                    public void add(NewItem item) {
                        try {
                            count[0]++;
                            insert.setString(1, id);
                            insert.setInt(2, count[0]);
                            insert.setString(3, item.itemId());
                            insert.setString(4, item.request());
                            insert.setLong(5, now);
                            insert.addBatch();
                            if (++pending[0] == INSERT_CHUNK) {
                                insert.executeBatch();
                                pending[0] = 0;
                            }
                        } catch (SQLException e) {
                            throw new SqlFailure(e);
                        }
                    }

                    @Override
                    public int count() {
                        return count[0];
                    }
                };
                BodyDigest body = fill.apply(sink);
                if (body == null) {
                    c.rollback();
                    return new Created.Abandoned();
                }
                if (pending[0] > 0) {
                    insert.executeBatch();
                }
                long waiting = pendingItems(c, owner);
                if (waiting + count[0] > maxPendingPerOwner) {
                    c.rollback();
                    return new Created.OverPending(waiting, maxPendingPerOwner);
                }
                try (PreparedStatement batch = c.prepareStatement("INSERT INTO precis_batches (id, owner, idempotency_key, "
                        + "body_sha256, status, total, callback_url, metadata, created_at, turn_at, callback_attempts) "
                        + "VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, 0)")) {
                    batch.setString(1, id);
                    batch.setString(2, owner);
                    batch.setString(3, idempotencyKey);
                    batch.setString(4, body.sha256());
                    batch.setInt(5, count[0]);
                    batch.setString(6, callbackUrl);
                    batch.setString(7, metadata);
                    batch.setLong(8, now);
                    batch.setLong(9, now);
                    batch.executeUpdate();
                } catch (SQLException e) {
                    c.rollback();
                    if (idempotencyKey != null) {
                        // another submission with the same key won the race: that one is the batch
                        Optional<Batch> existing = byIdempotencyKey(owner, idempotencyKey);
                        if (existing.isPresent()) {
                            return new Created.Existing(existing.get());
                        }
                    }
                    throw e;
                }
                c.commit();
            } catch (SqlFailure e) {
                c.rollback();
                throw e.getCause();
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
            return new Created.Stored(find(owner, id).orElseThrow());
        } catch (SQLException e) {
            throw database.unavailable(e);
        }
    }

    private static long pendingItems(Connection c, String owner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(total - succeeded - failed - cancelled), 0) "
                + "FROM precis_batches WHERE owner = ? AND finished_at IS NULL")) {
            s.setString(1, owner);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** What identifies the body a batch was made from (an idempotent retry must send the same). */
    public record BodyDigest(String sha256) {
    }

    /** A batch of this owner; empty for another owner's (it does not exist for them). */
    public Optional<Batch> find(String owner, String id) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + BATCH_COLUMNS
                    + " FROM precis_batches WHERE id = ? AND owner = ?")) {
                s.setString(1, id);
                s.setString(2, owner);
                return one(s);
            }
        });
    }

    /** The owner's batches, newest first, before the given one (a page). */
    public List<Batch> list(String owner, int limit, Optional<Batch> before) {
        return query(c -> {
            String sql = "SELECT " + BATCH_COLUMNS + " FROM precis_batches WHERE owner = ?"
                    + (before.isPresent() ? " AND (created_at < ? OR created_at = ? AND id < ?)" : "")
                    + " ORDER BY created_at DESC, id DESC LIMIT ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int p = 1;
                s.setString(p++, owner);
                if (before.isPresent()) {
                    s.setLong(p++, before.get().createdAt());
                    s.setLong(p++, before.get().createdAt());
                    s.setString(p++, before.get().id());
                }
                s.setInt(p, limit);
                List<Batch> batches = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        batches.add(batch(rows));
                    }
                }
                return batches;
            }
        });
    }

    /**
     * Cancels what has not started: queued items become cancelled; items under way finish and are kept. The batch
     * says {@code cancelled} from now on (unless it had ended already: then nothing changes).
     */
    public Optional<Batch> cancel(String owner, String id, long now) {
        return transaction(c -> {
            Optional<Batch> batch;
            try (PreparedStatement lock = c.prepareStatement("SELECT " + BATCH_COLUMNS
                    + " FROM precis_batches WHERE id = ? AND owner = ? FOR UPDATE")) {
                lock.setString(1, id);
                lock.setString(2, owner);
                batch = one(lock);
            }
            if (batch.isEmpty() || batch.get().finishedAt() != null) {
                return batch;
            }
            int cancelled;
            try (PreparedStatement items = c.prepareStatement("UPDATE precis_batch_items SET state = 'cancelled', "
                    + "due_at = NULL, finished_at = ? WHERE batch_id = ? AND state = 'queued'")) {
                items.setLong(1, now);
                items.setString(2, id);
                cancelled = items.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE precis_batches SET status = 'cancelled', "
                    + "cancelled = cancelled + ? WHERE id = ?")) {
                update.setInt(1, cancelled);
                update.setString(2, id);
                update.executeUpdate();
            }
            finishIfDone(c, id, now);
            return find(c, id);
        });
    }

    /**
     * Streams the results after {@code after} in line order, up to the first item not finished yet (so that a
     * client resuming with {@code ?after=} misses nothing), a page at a time.
     *
     * @return the number of results given
     */
    public int results(String batchId, int after, int limit, Consumer<Result> out) {
        int given = 0;
        int from = after;
        while (given < limit) {
            int start = from;
            List<Result> page = query(c -> {
                // a range of lines, not "after N, limit 200": lines are numbered 1..total, and a database that sorts
                // before it limits (H2) would otherwise carry every later result through each page
                try (PreparedStatement s = c.prepareStatement("SELECT line, item_id, state, result FROM "
                        + "precis_batch_items WHERE batch_id = ? AND line > ? AND line <= ? ORDER BY line")) {
                    s.setString(1, batchId);
                    s.setInt(2, start);
                    s.setLong(3, (long) start + RESULT_PAGE);
                    List<Result> rows = new ArrayList<>();
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            rows.add(new Result(r.getInt(1), r.getString(2), r.getString(3), r.getString(4)));
                        }
                    }
                    return rows;
                }
            });
            for (Result result : page) {
                if (!isFinal(result.state()) || given == limit) {
                    return given;
                }
                out.accept(result);
                given++;
                from = result.line();
            }
            if (page.size() < RESULT_PAGE) {
                return given;
            }
        }
        return given;
    }

    static boolean isFinal(String state) {
        return SUCCEEDED.equals(state) || FAILED.equals(state) || CANCELLED.equals(state);
    }

    /**
     * Takes up to {@code max} items that are due — queued ones, and those whose lease ran out (their replica died) —
     * batch by batch in turn (the batch served longest ago first, so a small batch is not stuck behind a large
     * one), in line order within a batch.
     */
    public List<Leased> lease(long now, int max, long leaseMillis, java.util.function.LongSupplier tokens) {
        if (max <= 0) {
            return List.of();
        }
        return transaction(c -> {
            List<String[]> candidates = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, owner FROM precis_batches WHERE status IN "
                    + "('queued', 'running') ORDER BY turn_at, id LIMIT 16")) {
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        candidates.add(new String[] {r.getString(1), r.getString(2)});
                    }
                }
            }
            List<Leased> taken = new ArrayList<>();
            for (String[] candidate : candidates) {
                if (taken.size() >= max) {
                    break;
                }
                String batchId = candidate[0];
                // the batch row first, then its items: every transaction here locks in that order (no deadlock
                // with a cancellation); the turn moves on whether or not an item was due
                try (PreparedStatement turn = c.prepareStatement("UPDATE precis_batches SET turn_at = ? WHERE id = ? "
                        + "AND status IN ('queued', 'running')")) {
                    turn.setLong(1, now);
                    turn.setString(2, batchId);
                    if (turn.executeUpdate() == 0) {
                        continue;
                    }
                }
                int before = taken.size();
                for (String state : List.of(LEASED, QUEUED)) {
                    int want = max - taken.size();
                    if (want <= 0) {
                        break;
                    }
                    // small columns only: the articles are read one by one by the threads that work on them (a
                    // database that sorts before it limits would otherwise carry every waiting article through it)
                    try (PreparedStatement s = c.prepareStatement("SELECT line, item_id, attempts, waits "
                            + "FROM precis_batch_items WHERE batch_id = ? AND state = ? AND due_at <= ? "
                            + "ORDER BY due_at, line LIMIT ?" + skipLocked)) {
                        s.setString(1, batchId);
                        s.setString(2, state);
                        s.setLong(3, now);
                        s.setInt(4, want);
                        try (ResultSet r = s.executeQuery()) {
                            while (r.next()) {
                                taken.add(new Leased(batchId, r.getInt(1), r.getString(2), candidate[1],
                                        r.getInt(3), r.getInt(4), tokens.getAsLong()));
                            }
                        }
                    }
                }
                if (taken.size() > before) {
                    try (PreparedStatement start = c.prepareStatement("UPDATE precis_batches SET "
                            + "status = CASE WHEN status = 'queued' THEN 'running' ELSE status END, "
                            + "started_at = COALESCE(started_at, ?) WHERE id = ?")) {
                        start.setLong(1, now);
                        start.setString(2, batchId);
                        start.executeUpdate();
                    }
                }
            }
            List<Leased> leased = new ArrayList<>();
            try (PreparedStatement mark = c.prepareStatement("UPDATE precis_batch_items SET state = 'leased', "
                    + "due_at = ?, lease_token = ? WHERE batch_id = ? AND line = ? AND state IN ('queued', 'leased') "
                    + "AND due_at <= ?")) {
                for (Leased item : taken) {
                    mark.setLong(1, now + leaseMillis);
                    mark.setLong(2, item.token());
                    mark.setString(3, item.batchId());
                    mark.setInt(4, item.line());
                    mark.setLong(5, now);
                    if (mark.executeUpdate() == 1) {
                        leased.add(item);
                    }
                }
            }
            return leased;
        });
    }

    /**
     * Items of cancelled batches left behind — their lease ran out (their replica died), or they were put back to be
     * tried again while the batch was being cancelled — are cancelled too, so the batch can end.
     */
    public int sweepCancelled(long now) {
        return transaction(c -> {
            List<String> batches = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM precis_batches WHERE status = 'cancelled' "
                    + "AND finished_at IS NULL ORDER BY id LIMIT 50" + skipLocked)) {
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        batches.add(r.getString(1));
                    }
                }
            }
            int swept = 0;
            for (String batchId : batches) {
                List<Integer> lines = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT line FROM precis_batch_items WHERE batch_id = ? "
                        + "AND (state = 'queued' OR state = 'leased' AND due_at <= ?) LIMIT 500" + skipLocked)) {
                    s.setString(1, batchId);
                    s.setLong(2, now);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            lines.add(r.getInt(1));
                        }
                    }
                }
                int cancelled = 0;
                try (PreparedStatement u = c.prepareStatement("UPDATE precis_batch_items SET state = 'cancelled', "
                        + "due_at = NULL, lease_token = NULL, finished_at = ? WHERE batch_id = ? AND line = ? "
                        + "AND (state = 'queued' OR state = 'leased' AND due_at <= ?)")) {
                    for (int line : lines) {
                        u.setLong(1, now);
                        u.setString(2, batchId);
                        u.setInt(3, line);
                        u.setLong(4, now);
                        cancelled += u.executeUpdate();
                    }
                }
                try (PreparedStatement b = c.prepareStatement("UPDATE precis_batches SET cancelled = cancelled + ? "
                        + "WHERE id = ?")) {
                    b.setInt(1, cancelled);
                    b.setString(2, batchId);
                    b.executeUpdate();
                }
                finishIfDone(c, batchId, now);
                swept += cancelled;
            }
            return swept;
        });
    }

    /** The stored request of an item (the article and its options, as JSON). */
    public String request(Leased item) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT request FROM precis_batch_items WHERE batch_id = ? "
                    + "AND line = ?")) {
                s.setString(1, item.batchId());
                s.setInt(2, item.line());
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    /** Extends a lease still held; false when it was lost (ran out and taken over, or the item was cancelled). */
    public boolean renew(Leased item, long until) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE precis_batch_items SET due_at = ? WHERE batch_id = ? "
                    + "AND line = ? AND state = 'leased' AND lease_token = ?")) {
                s.setLong(1, until);
                s.setString(2, item.batchId());
                s.setInt(3, item.line());
                s.setLong(4, item.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records an item's outcome, once: only the holder of the current lease writes it, and the batch's counts,
     * usage and (when it was the last item) status change in the same transaction.
     *
     * @return false when the lease was lost: the outcome is dropped (the successor's counts)
     */
    public boolean finish(Leased item, boolean succeeded, String result, Usage usage, long now) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE precis_batch_items SET state = ?, result = ?, "
                    + "due_at = NULL, lease_token = NULL, finished_at = ?, attempts = attempts + 1 WHERE batch_id = ? "
                    + "AND line = ? AND state = 'leased' AND lease_token = ?")) {
                s.setString(1, succeeded ? SUCCEEDED : FAILED);
                s.setString(2, result);
                s.setLong(3, now);
                s.setString(4, item.batchId());
                s.setInt(5, item.line());
                s.setLong(6, item.token());
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement b = c.prepareStatement("UPDATE precis_batches SET succeeded = succeeded + ?, "
                    + "failed = failed + ?, llm_calls = llm_calls + ?, input_tokens = input_tokens + ?, "
                    + "output_tokens = output_tokens + ? WHERE id = ?")) {
                b.setInt(1, succeeded ? 1 : 0);
                b.setInt(2, succeeded ? 0 : 1);
                b.setLong(3, usage.llmCalls());
                b.setLong(4, usage.inputTokens());
                b.setLong(5, usage.outputTokens());
                b.setString(6, item.batchId());
                b.executeUpdate();
            }
            finishIfDone(c, item.batchId(), now);
            return true;
        });
    }

    /**
     * Puts an item back to be tried again at {@code dueAt}; {@code counted}: this try counts towards the limit,
     * otherwise it was a wait (for the backend, a quota, a share of the LLM) and counts as one.
     */
    public boolean retryLater(Leased item, long dueAt, boolean counted, Usage usage) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE precis_batch_items SET state = 'queued', due_at = ?, "
                    + "lease_token = NULL, attempts = attempts + ?, waits = waits + ? WHERE batch_id = ? AND line = ? "
                    + "AND state = 'leased' AND lease_token = ?")) {
                s.setLong(1, dueAt);
                s.setInt(2, counted ? 1 : 0);
                s.setInt(3, counted ? 0 : 1);
                s.setString(4, item.batchId());
                s.setInt(5, item.line());
                s.setLong(6, item.token());
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            if (usage.llmCalls() > 0) {
                try (PreparedStatement b = c.prepareStatement("UPDATE precis_batches SET llm_calls = llm_calls + ?, "
                        + "input_tokens = input_tokens + ?, output_tokens = output_tokens + ? WHERE id = ?")) {
                    b.setLong(1, usage.llmCalls());
                    b.setLong(2, usage.inputTokens());
                    b.setLong(3, usage.outputTokens());
                    b.setString(4, item.batchId());
                    b.executeUpdate();
                }
            }
            return true;
        });
    }

    /** When the last item has ended: the batch's final status, and its callback due now. */
    private static void finishIfDone(Connection c, String batchId, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE precis_batches SET finished_at = ?, status = CASE WHEN "
                + "status = 'cancelled' THEN 'cancelled' WHEN succeeded > 0 THEN 'completed' ELSE 'failed' END, "
                + "callback_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END, callback_due_at = ? "
                + "WHERE id = ? AND finished_at IS NULL AND succeeded + failed + cancelled = total")) {
            s.setLong(1, now);
            s.setLong(2, now);
            s.setString(3, batchId);
            s.executeUpdate();
        }
    }

    /** Takes the callbacks that are due, each for {@code leaseMillis} (another replica will not send it meanwhile). */
    public List<Batch> leaseCallbacks(long now, int max, long leaseMillis) {
        return transaction(c -> {
            List<Batch> due = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM precis_batches WHERE "
                    + "callback_state = 'pending' AND callback_due_at <= ? ORDER BY callback_due_at LIMIT ? "
                    + skipLocked)) {
                s.setLong(1, now);
                s.setInt(2, max);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        due.add(batch(r));
                    }
                }
            }
            for (Batch batch : due) {
                // the try is counted as it is taken: a delivery that never reports back still uses one up
                try (PreparedStatement u = c.prepareStatement("UPDATE precis_batches SET callback_due_at = ?, "
                        + "callback_attempts = callback_attempts + 1 WHERE id = ?")) {
                    u.setLong(1, now + leaseMillis);
                    u.setString(2, batch.id());
                    u.executeUpdate();
                }
            }
            return due;
        });
    }

    /** A callback sent (delivered or given up: {@code state}), or to be tried again at {@code dueAt}. */
    public void callbackTried(String batchId, String state, long dueAt) {
        transaction(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE precis_batches SET callback_state = ?, "
                    + "callback_due_at = ? WHERE id = ?")) {
                u.setString(1, state);
                u.setLong(2, dueAt);
                u.setString(3, batchId);
                u.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes one ended batch of this owner and its results, at the owner's request; false when there is none. */
    public boolean delete(String owner, String id) {
        return transaction(c -> {
            try (PreparedStatement batch = c.prepareStatement("DELETE FROM precis_batches WHERE id = ? AND owner = ? "
                    + "AND finished_at IS NOT NULL")) {
                batch.setString(1, id);
                batch.setString(2, owner);
                if (batch.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement items = c.prepareStatement("DELETE FROM precis_batch_items WHERE batch_id = ?")) {
                items.setString(1, id);
                items.executeUpdate();
            }
            return true;
        });
    }

    /** Deletes batches (and their items) that ended before {@code before}; at most {@code max} batches per call. */
    public int purge(long before, int max) {
        return transaction(c -> {
            List<String> old = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM precis_batches WHERE finished_at < ? "
                    + "AND (callback_state IS NULL OR callback_state <> 'pending') ORDER BY finished_at LIMIT ?")) {
                s.setLong(1, before);
                s.setInt(2, max);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        old.add(r.getString(1));
                    }
                }
            }
            for (String id : old) {
                try (PreparedStatement items = c.prepareStatement("DELETE FROM precis_batch_items WHERE batch_id = ?");
                        PreparedStatement batch = c.prepareStatement("DELETE FROM precis_batches WHERE id = ?")) {
                    items.setString(1, id);
                    items.executeUpdate();
                    batch.setString(1, id);
                    batch.executeUpdate();
                }
            }
            return old.size();
        });
    }

    /** Items waiting and under way, and when the oldest waiting batch was submitted (for the metrics). */
    public Stats stats() {
        return query(c -> {
            long queued = 0;
            long leased = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT state, COUNT(*) FROM precis_batch_items WHERE state IN "
                    + "('queued', 'leased') GROUP BY state")) {
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        if (QUEUED.equals(r.getString(1))) {
                            queued = r.getLong(2);
                        } else {
                            leased = r.getLong(2);
                        }
                    }
                }
            }
            Long oldest = null;
            if (queued > 0) {
                try (PreparedStatement s = c.prepareStatement("SELECT MIN(created_at) FROM precis_batches WHERE status "
                        + "IN ('queued', 'running') AND total > succeeded + failed + cancelled")) {
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            long value = r.getLong(1);
                            oldest = r.wasNull() ? null : value;
                        }
                    }
                }
            }
            return new Stats(queued, leased, oldest);
        });
    }

    private static Optional<Batch> find(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM precis_batches WHERE id = ?")) {
            s.setString(1, id);
            return one(s);
        }
    }

    private static Optional<Batch> one(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(batch(r)) : Optional.empty();
        }
    }

    private static Batch batch(ResultSet r) throws SQLException {
        return new Batch(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getInt(5), r.getInt(6),
                r.getInt(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getString(11), r.getString(12), r.getLong(13),
                nullableLong(r, 14), nullableLong(r, 15), r.getString(16), r.getInt(17), r.getString(18));
    }

    private static Long nullableLong(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : value;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T query(Work<T> work) {
        try (Connection c = database.connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw database.unavailable(e);
        }
    }

    private <T> T transaction(Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try (Connection c = database.connection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                // two transactions met in a deadlock or a serialization conflict and the database undid this one:
                // it is tried again, not mistaken for a database gone
                boolean conflict = e.getSQLState() != null && e.getSQLState().startsWith("40");
                if (!conflict || attempt == 3) {
                    throw database.unavailable(e);
                }
            }
        }
    }

    /** An SQLException carried out of the item sink (a Consumer cannot throw it). */
    private static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
