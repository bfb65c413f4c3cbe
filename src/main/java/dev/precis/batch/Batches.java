package dev.precis.batch;

import dev.precis.config.PrecisConfig;
import dev.precis.digest.ArticleTooLongException;
import dev.precis.digest.DigestRequest;
import dev.precis.glossary.GlossaryException;
import dev.precis.security.ApiKeys;
import dev.precis.security.Client;
import dev.precis.digest.DigestService;
import dev.precis.digest.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Batches as their owners use them: submit (validated item by item, stored whole or not at all), read, list,
 * cancel, read results. The owner is the name of the API key ("" when the service runs without keys); a batch of
 * another owner does not exist for the caller. The work itself is {@link BatchWorker}'s.
 */
@ApplicationScoped
public class Batches {

    /** The most problems one refused batch reports (the first ones, in order). */
    static final int MAX_REPORTED = 20;

    /** Batch-wide options (includeTranslation is applied to the items by whoever reads them). */
    public record Options(String callbackUrl, String metadata) {
    }

    /** The items of a submitted body as the HTTP layer reads them. */
    @FunctionalInterface
    public interface ItemSource {
        void read(Items items);
    }

    /** Receives each item read (its position for messages, its caller id, its request), or why a line is invalid. */
    public interface Items {
        void item(String where, String itemId, Supplier<DigestRequest> request);

        void invalid(String where, String why);
    }

    /** What became of a submission. */
    public sealed interface Submission {
        BatchView batch();

        record Accepted(BatchView batch) implements Submission {
        }

        /** The same Idempotency-Key and body as an earlier submission: that batch. */
        record Replayed(BatchView batch) implements Submission {
        }
    }

    /** The batch was refused, with what was wrong with it, line by line. */
    public static final class InvalidBatchException extends RuntimeException {
        private final List<String> problems;

        InvalidBatchException(List<String> problems, int more) {
            super(String.join("; ", problems) + (more > 0 ? "; and " + more + " more" : ""));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** More items than {@code PRECIS_BATCH_MAX_ITEMS}. */
    public static final class TooManyItemsException extends RuntimeException {
        TooManyItemsException(int limit) {
            this(limit, "PRECIS_BATCH_MAX_ITEMS");
        }

        TooManyItemsException(int limit, String setting) {
            super("The batch has more than " + limit + " items (" + setting + "); split it into several batches.");
        }
    }

    /** The key has too many items waiting already. */
    public static final class TooManyPendingException extends RuntimeException {
        TooManyPendingException(long waiting, long limit) {
            super("Your batches have " + waiting + " items waiting or under way; this one would take them beyond "
                    + limit + " (PRECIS_BATCH_MAX_PENDING_ITEMS_PER_KEY). Send it when some have ended.");
        }
    }

    /** An Idempotency-Key used before with another body. */
    public static final class IdempotencyConflictException extends RuntimeException {
        IdempotencyConflictException(String batchId) {
            super("This Idempotency-Key was used for batch " + batchId + " with another body or other options; use a "
                    + "new key for a new batch.");
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final BatchStore store;
    private final Callbacks callbacks;
    private final DigestService digests;
    private final BatchWorker worker;
    private final ApiKeys keys;
    private final int maxItems;
    private final int maxPending;

    Batches(BatchDatabase database, Callbacks callbacks, DigestService digests, BatchWorker worker, ApiKeys keys,
            PrecisConfig config) {
        this.store = new BatchStore(database);
        this.keys = keys;
        this.callbacks = callbacks;
        this.digests = digests;
        this.worker = worker;
        this.maxItems = config.batch().maxItems();
        this.maxPending = config.batch().maxPendingItemsPerKey();
    }

    /**
     * Validates every item, then stores the batch whole — or nothing, with the problems of the first lines that
     * were wrong.
     *
     * @param bodySha256 what identifies the submission (body and options), for the Idempotency-Key
     */
    public Submission submit(String owner, String idempotencyKey, String bodySha256, Options options, ItemSource source) {
        if (idempotencyKey != null) {
            Optional<BatchStore.Batch> earlier = store.byIdempotencyKey(owner, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), bodySha256);
            }
        }
        if (options.callbackUrl() != null) {
            callbacks.check(options.callbackUrl());
        }
        List<String> problems = new ArrayList<>();
        int[] more = {0};
        Client client = keys.byName(owner).orElse(null);
        BatchStore.Created created = store.create(newId(), owner, idempotencyKey, options.callbackUrl(),
                options.metadata(), System.currentTimeMillis(), maxPending, sink -> {
                    source.read(new Items() {
                        @Override
                        public void item(String where, String itemId, Supplier<DigestRequest> request) {
                            if (sink.count() >= maxItems) {
                                throw new TooManyItemsException(maxItems);
                            }
                            try {
                                DigestRequest item = request.get();
                                // Checked as its key would run it (the key's glossaries), stored without the key.
                                digests.check(new DigestRequest(item.text(), item.title(), item.publishedAt(),
                                        item.sourceLanguage(), item.includeTranslation(), client, item.glossary(),
                                        item.glossaryEntries()));
                                if (problems.isEmpty()) {
                                    sink.add(new BatchStore.NewItem(itemId, BatchItem.encode(item)));
                                }
                            } catch (InvalidRequestException | ArticleTooLongException | GlossaryException e) {
                                invalid(where, e.getMessage());
                            }
                        }

                        @Override
                        public void invalid(String where, String why) {
                            if (problems.size() < MAX_REPORTED) {
                                String sentence = why.strip();
                                problems.add(where + ": " + (sentence.endsWith(".") ? sentence.substring(0,
                                        sentence.length() - 1) : sentence));
                            } else {
                                more[0]++;
                            }
                        }
                    });
                    if (problems.isEmpty() && sink.count() > maxPending) {
                        throw new TooManyItemsException(maxPending, "PRECIS_BATCH_MAX_PENDING_ITEMS_PER_KEY");
                    }
                    if (problems.isEmpty() && sink.count() == 0) {
                        problems.add("the batch has no items");
                    }
                    return problems.isEmpty() ? new BatchStore.BodyDigest(bodySha256) : null;
                });
        return switch (created) {
            case BatchStore.Created.Stored stored -> {
                worker.wake();
                yield new Submission.Accepted(BatchView.of(stored.batch()));
            }
            case BatchStore.Created.Existing existing -> replay(existing.batch(), bodySha256);
            case BatchStore.Created.Abandoned abandoned -> throw new InvalidBatchException(problems, more[0]);
            case BatchStore.Created.OverPending over -> throw new TooManyPendingException(over.waiting(), over.limit());
        };
    }

    private static Submission replay(BatchStore.Batch earlier, String bodySha256) {
        if (!earlier.bodySha256().equals(bodySha256)) {
            throw new IdempotencyConflictException(earlier.id());
        }
        return new Submission.Replayed(BatchView.of(earlier));
    }

    public Optional<BatchView> find(String owner, String id) {
        return store.find(owner, id).map(BatchView::of);
    }

    /**
     * The owner's batches, newest first: a page of {@code limit}, older than the batch {@code before} when given —
     * found by the time its id carries, so that paging goes on when that batch was deleted meanwhile.
     *
     * @throws InvalidRequestException when {@code before} is not a batch id
     */
    public List<BatchView> list(String owner, int limit, String before) {
        Optional<BatchStore.Batch> from = Optional.empty();
        if (before != null) {
            long created = createdAt(before);
            from = Optional.of(new BatchStore.Batch(before, owner, null, 0, 0, 0, 0, 0, 0, 0, null, null, created, null,
                    null, null, 0, null));
        }
        return store.list(owner, limit, from).stream().map(BatchView::of).toList();
    }

    /** The creation time an id carries (its ten characters after "b_"). */
    static long createdAt(String id) {
        if (id.length() != 28 || !id.startsWith("b_")) {
            throw new InvalidRequestException("'before' must be a batch id (b_ and 26 characters).");
        }
        long millis = 0;
        for (int i = 2; i < 12; i++) {
            int digit = new String(BASE32).indexOf(id.charAt(i));
            if (digit < 0) {
                throw new InvalidRequestException("'before' must be a batch id (b_ and 26 characters).");
            }
            millis = millis << 5 | digit;
        }
        return millis;
    }

    /** What a DELETE did: cancelled a batch under way (its view), or deleted one that had ended. */
    public sealed interface Removal {
        record Cancelled(BatchView batch) implements Removal {
        }

        record Deleted() implements Removal {
        }
    }

    /**
     * A batch under way is cancelled (items not started; the rest finish and are kept); one that has ended is
     * deleted with its results, at once rather than at the end of its retention.
     */
    public Optional<Removal> cancelOrDelete(String owner, String id) {
        Optional<BatchStore.Batch> batch = store.find(owner, id);
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        if (batch.get().finishedAt() != null && store.delete(owner, id)) {
            return Optional.of(new Removal.Deleted());
        }
        return cancel(owner, id).map(Removal.Cancelled::new);
    }

    public Optional<BatchView> cancel(String owner, String id) {
        Optional<BatchView> batch = store.cancel(owner, id, System.currentTimeMillis()).map(BatchView::of);
        batch.ifPresent(ignored -> worker.wake());
        return batch;
    }

    /** The results of an owner's batch after {@code after}, in order, up to the first not ready; empty: no batch. */
    public Optional<Integer> results(String owner, String id, int after, int limit, Consumer<BatchStore.Result> out) {
        if (store.find(owner, id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.results(id, after, limit, out));
    }

    /** The signing secret of the owner's callbacks. */
    public String signingSecret(String owner) {
        if (!callbacks.enabled()) {
            throw new Callbacks.ForbiddenException("Callbacks are off on this service (PRECIS_CALLBACK_HOSTS and "
                    + "PRECIS_CALLBACK_SECRET are not both set).");
        }
        return callbacks.secretFor(owner);
    }

    /** Time-ordered (so lists and logs sort by age) and unguessable: "b_", 10 characters of time, 16 of chance. */
    static String newId() {
        StringBuilder id = new StringBuilder("b_");
        long millis = System.currentTimeMillis();
        for (int shift = 45; shift >= 0; shift -= 5) {
            id.append(BASE32[(int) (millis >>> shift) & 31]);
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long bits = 0;
        int have = 0;
        for (byte b : random) {
            bits = bits << 8 | (b & 0xFF);
            have += 8;
            while (have >= 5) {
                id.append(BASE32[(int) (bits >>> (have - 5)) & 31]);
                have -= 5;
            }
        }
        return id.toString();
    }
}
