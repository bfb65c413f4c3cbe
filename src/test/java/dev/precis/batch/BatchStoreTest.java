package dev.precis.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batch database, on both kinds it runs on — the machine's PostgreSQL (a schema of the test's own) and the
 * embedded H2 file — with the same migrations and statements, on a clock the test sets.
 */
class BatchStoreTest {

    private BatchDatabase database;
    private String schema;
    private final AtomicLong tokens = new AtomicLong(1_000);

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("postgresql"), Arguments.of("embedded"));
    }

    private BatchStore open(String kind) throws Exception {
        if (kind.equals("postgresql")) {
            Postgres.assumeAvailable();
            schema = Postgres.newSchema();
            database = new BatchDatabase(Optional.of(schema), Optional.of(Postgres.USER), Optional.empty(),
                    Path.of("unused"), 4);
        } else {
            database = new BatchDatabase(Optional.empty(), Optional.empty(), Optional.empty(),
                    Files.createTempDirectory("precis-store"), 4);
        }
        return new BatchStore(database);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (schema != null) {
            Postgres.dropSchema(schema);
        }
    }

    private static BatchStore.Batch create(BatchStore store, String id, String owner, int items, long now) {
        BatchStore.Created created = store.create(id, owner, null, null, null, now, sink -> {
            for (int i = 1; i <= items; i++) {
                sink.add(new BatchStore.NewItem("\"a" + i + "\"", "{\"text\":\"article " + i + "\"}"));
            }
            return new BatchStore.BodyDigest("sha-" + id);
        });
        return ((BatchStore.Created.Stored) created).batch();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBatchIsStoredWholeAndItsItemsAreLeasedInOrderOnce(String kind) throws Exception {
        BatchStore store = open(kind);
        BatchStore.Batch batch = create(store, "b_1", "desk", 5, 1_000);
        assertThat(batch.status()).isEqualTo("queued");
        assertThat(batch.total()).isEqualTo(5);
        assertThat(batch.pending()).isEqualTo(5);

        List<BatchStore.Leased> first = store.lease(2_000, 3, 60_000, tokens::incrementAndGet);
        assertThat(first).extracting(BatchStore.Leased::line).containsExactly(1, 2, 3);
        assertThat(first).extracting(BatchStore.Leased::itemId).containsExactly("\"a1\"", "\"a2\"", "\"a3\"");
        assertThat(first.get(0).owner()).isEqualTo("desk");
        List<BatchStore.Leased> second = store.lease(2_000, 10, 60_000, tokens::incrementAndGet);
        assertThat(second).extracting(BatchStore.Leased::line).containsExactly(4, 5);
        assertThat(store.lease(2_000, 10, 60_000, tokens::incrementAndGet)).isEmpty();
        assertThat(store.find("desk", "b_1").orElseThrow().status()).isEqualTo("running");
        assertThat(store.find("desk", "b_1").orElseThrow().startedAt()).isEqualTo(2_000L);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBatchWithABadItemLeavesNothingBehind(String kind) throws Exception {
        BatchStore store = open(kind);
        BatchStore.Created created = store.create("b_bad", "desk", "key-1", null, null, 1_000, sink -> {
            for (int i = 1; i <= 1_200; i++) {
                sink.add(new BatchStore.NewItem(null, "{\"text\":\"x\"}"));
            }
            return null;
        });
        assertThat(created).isInstanceOf(BatchStore.Created.Abandoned.class);
        assertThat(store.find("desk", "b_bad")).isEmpty();
        assertThat(store.byIdempotencyKey("desk", "key-1")).isEmpty();
        assertThat(store.lease(2_000, 10, 60_000, tokens::incrementAndGet)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anExpiredLeaseIsTakenOverAndTheFirstHoldersLateResultIsDropped(String kind) throws Exception {
        BatchStore store = open(kind);
        create(store, "b_2", "desk", 1, 1_000);
        BatchStore.Leased dead = store.lease(2_000, 1, 10_000, tokens::incrementAndGet).get(0);
        // not due again while the lease runs
        assertThat(store.lease(11_999, 1, 10_000, tokens::incrementAndGet)).isEmpty();
        BatchStore.Leased successor = store.lease(12_001, 1, 10_000, tokens::incrementAndGet).get(0);
        assertThat(successor.line()).isEqualTo(dead.line());
        assertThat(successor.token()).isNotEqualTo(dead.token());

        assertThat(store.renew(dead, 30_000)).isFalse();
        assertThat(store.finish(dead, true, "{\"late\":true}", BatchStore.Usage.NONE, 13_000)).isFalse();
        assertThat(store.finish(successor, true, "{\"digest\":1}", new BatchStore.Usage(2, 300, 100), 14_000)).isTrue();
        assertThat(store.finish(successor, true, "{\"again\":1}", BatchStore.Usage.NONE, 15_000)).isFalse();

        BatchStore.Batch done = store.find("desk", "b_2").orElseThrow();
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.succeeded()).isEqualTo(1);
        assertThat(done.llmCalls()).isEqualTo(2);
        assertThat(done.inputTokens()).isEqualTo(300);
        assertThat(done.finishedAt()).isEqualTo(14_000L);
        List<BatchStore.Result> results = new ArrayList<>();
        store.results("b_2", 0, 100, results::add);
        assertThat(results).extracting(BatchStore.Result::result).containsExactly("{\"digest\":1}");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void resultsComeInOrderUpToTheFirstUnfinishedItemAndResumeAfterAGivenItem(String kind) throws Exception {
        BatchStore store = open(kind);
        create(store, "b_3", "desk", 450, 1_000);
        List<BatchStore.Leased> all = store.lease(2_000, 450, 60_000, tokens::incrementAndGet);
        for (BatchStore.Leased item : all) {
            if (item.line() != 301) {
                store.finish(item, item.line() % 7 != 0, "{\"n\":" + item.line() + "}", BatchStore.Usage.NONE, 3_000);
            }
        }
        List<Integer> lines = new ArrayList<>();
        assertThat(store.results("b_3", 0, Integer.MAX_VALUE, r -> lines.add(r.line()))).isEqualTo(300);
        assertThat(lines).hasSize(300).startsWith(1, 2, 3).endsWith(299, 300);
        List<BatchStore.Result> resumed = new ArrayList<>();
        store.results("b_3", 250, Integer.MAX_VALUE, resumed::add);
        assertThat(resumed).extracting(BatchStore.Result::line).first().isEqualTo(251);
        assertThat(resumed.get(1).state()).isEqualTo("failed"); // item 252 = 7 × 36
        assertThat(resumed.get(0).state()).isEqualTo("succeeded");
        store.finish(all.get(300), true, "{\"n\":301}", BatchStore.Usage.NONE, 4_000);
        List<Integer> everything = new ArrayList<>();
        store.results("b_3", 0, Integer.MAX_VALUE, r -> everything.add(r.line()));
        assertThat(everything).hasSize(450);
        BatchStore.Batch batch = store.find("desk", "b_3").orElseThrow();
        // every seventh item failed, except 301 (= 7 × 43), which ended last and well
        assertThat(batch.failed()).isEqualTo(450 / 7 - 1);
        assertThat(batch.succeeded()).isEqualTo(450 - 450 / 7 + 1);
        assertThat(batch.status()).isEqualTo("completed");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void cancellingStopsWhatHasNotStartedAndTheBatchEndsWhenItsRunningItemsDo(String kind) throws Exception {
        BatchStore store = open(kind);
        create(store, "b_4", "desk", 10, 1_000);
        List<BatchStore.Leased> running = store.lease(2_000, 2, 60_000, tokens::incrementAndGet);
        BatchStore.Batch cancelled = store.cancel("desk", "b_4", 3_000).orElseThrow();
        assertThat(cancelled.status()).isEqualTo("cancelled");
        assertThat(cancelled.cancelled()).isEqualTo(8);
        assertThat(cancelled.finishedAt()).isNull();
        assertThat(store.lease(3_000, 10, 60_000, tokens::incrementAndGet)).isEmpty();
        store.finish(running.get(0), true, "{}", BatchStore.Usage.NONE, 4_000);
        // the other one's replica died: its lease runs out, and the sweep cancels it
        assertThat(store.sweepCancelled(30_000)).isZero();
        assertThat(store.sweepCancelled(62_001)).isEqualTo(1);
        BatchStore.Batch ended = store.find("desk", "b_4").orElseThrow();
        assertThat(ended.status()).isEqualTo("cancelled");
        assertThat(ended.succeeded()).isEqualTo(1);
        assertThat(ended.cancelled()).isEqualTo(9);
        assertThat(ended.finishedAt()).isEqualTo(62_001L);
        assertThat(store.cancel("someone-else", "b_4", 70_000)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anotherOwnerSeesNothingAndIdempotencyKeysArePerOwner(String kind) throws Exception {
        BatchStore store = open(kind);
        store.create("b_5", "desk", "same-key", null, null, 1_000, sink -> {
            sink.add(new BatchStore.NewItem(null, "{}"));
            return new BatchStore.BodyDigest("x");
        });
        assertThat(store.find("other", "b_5")).isEmpty();
        assertThat(store.list("other", 10, Optional.empty())).isEmpty();
        assertThat(store.byIdempotencyKey("other", "same-key")).isEmpty();
        BatchStore.Created again = store.create("b_6", "desk", "same-key", null, null, 2_000, sink -> {
            sink.add(new BatchStore.NewItem(null, "{}"));
            return new BatchStore.BodyDigest("x");
        });
        assertThat(again).isInstanceOf(BatchStore.Created.Existing.class);
        assertThat(((BatchStore.Created.Existing) again).batch().id()).isEqualTo("b_5");
        BatchStore.Created theirs = store.create("b_7", "other", "same-key", null, null, 2_000, sink -> {
            sink.add(new BatchStore.NewItem(null, "{}"));
            return new BatchStore.BodyDigest("x");
        });
        assertThat(theirs).isInstanceOf(BatchStore.Created.Stored.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void retriesWaitTheirTurnAndCallbacksAreLeasedOnce(String kind) throws Exception {
        BatchStore store = open(kind);
        store.create("b_8", "desk", null, "http://hooks.test/x", null, 1_000, sink -> {
            sink.add(new BatchStore.NewItem(null, "{}"));
            return new BatchStore.BodyDigest("x");
        });
        BatchStore.Leased item = store.lease(2_000, 1, 60_000, tokens::incrementAndGet).get(0);
        assertThat(store.retryLater(item, 7_000, true, BatchStore.Usage.NONE)).isTrue();
        assertThat(store.lease(6_999, 1, 60_000, tokens::incrementAndGet)).isEmpty();
        BatchStore.Leased again = store.lease(7_000, 1, 60_000, tokens::incrementAndGet).get(0);
        assertThat(again.attempts()).isEqualTo(1);
        store.finish(again, false, "{\"type\":\"urn:precis:problem:llm-rejected\"}", BatchStore.Usage.NONE, 8_000);
        assertThat(store.find("desk", "b_8").orElseThrow().status()).isEqualTo("failed");

        List<BatchStore.Batch> due = store.leaseCallbacks(8_000, 10, 60_000);
        assertThat(due).extracting(BatchStore.Batch::id).containsExactly("b_8");
        assertThat(store.leaseCallbacks(8_000, 10, 60_000)).isEmpty();
        store.callbackTried("b_8", "pending", 9_000);
        assertThat(store.leaseCallbacks(9_000, 10, 60_000)).hasSize(1);
        store.callbackTried("b_8", "delivered", 9_500);
        assertThat(store.find("desk", "b_8").orElseThrow().callbackState()).isEqualTo("delivered");
        assertThat(store.find("desk", "b_8").orElseThrow().callbackAttempts()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void endedBatchesAreDeletedAfterTheRetentionAndRunningOnesNever(String kind) throws Exception {
        BatchStore store = open(kind);
        create(store, "b_old", "desk", 2, 1_000);
        create(store, "b_running", "desk", 2, 1_000);
        for (BatchStore.Leased item : store.lease(2_000, 3, 60_000, tokens::incrementAndGet)) {
            store.finish(item, true, "{}", BatchStore.Usage.NONE, 3_000);
        }
        assertThat(store.find("desk", "b_old").orElseThrow().finishedAt()).isEqualTo(3_000L);
        assertThat(store.purge(3_000, 100)).isZero();
        assertThat(store.purge(3_001, 100)).isEqualTo(1);
        assertThat(store.find("desk", "b_old")).isEmpty();
        assertThat(store.find("desk", "b_running")).isPresent();
        List<BatchStore.Result> none = new ArrayList<>();
        store.results("b_old", 0, 10, none::add);
        assertThat(none).isEmpty();
        BatchStore.Stats stats = store.stats();
        assertThat(stats.queued()).isEqualTo(1);
        assertThat(stats.leased()).isZero();
        assertThat(stats.oldestQueuedCreatedAt()).isEqualTo(1_000L);
    }

    /** PostgreSQL only: the embedded database belongs to one process. */
    @org.junit.jupiter.api.Test
    void twoReplicasLeasingAtOnceNeverTakeTheSameItem() throws Exception {
        BatchStore store = open("postgresql");
        create(store, "b_9", "desk", 400, 1_000);
        BatchDatabase other = new BatchDatabase(Optional.of(schema), Optional.of(Postgres.USER), Optional.empty(),
                Path.of("unused"), 4);
        try {
            BatchStore second = new BatchStore(other);
            List<Integer> a = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Integer> b = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread one = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    store.lease(2_000, 5, 60_000, tokens::incrementAndGet).forEach(item -> a.add(item.line()));
                }
            });
            Thread two = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    second.lease(2_000, 5, 60_000, tokens::incrementAndGet).forEach(item -> b.add(item.line()));
                }
            });
            one.join();
            two.join();
            assertThat(a).doesNotHaveDuplicates().doesNotContainAnyElementsOf(b);
            assertThat(a.size() + b.size()).isEqualTo(400);
        } finally {
            other.close();
        }
    }
}
