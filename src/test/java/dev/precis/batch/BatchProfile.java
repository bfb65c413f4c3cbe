package dev.precis.batch;

import dev.precis.support.KeyLines;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service with keys ("desk" and "other"), callbacks allowed to localhost only, short retry delays and small
 * limits, so that the batch tests can reach every edge quickly. Batches are kept in the embedded database (a new
 * one per start, see application.properties).
 */
public class BatchProfile implements QuarkusTestProfile {

    public static final String DESK = "pk-batch-desk-51c7e0a9";
    public static final String OTHER = "pk-batch-other-8d2b36f4";
    public static final String CALLBACK_SECRET = "a-test-secret-of-at-least-32-characters-0123";
    static final Path KEYS = keys();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("precis.api-keys-file", KEYS.toString(),
                "precis.callback.hosts", "localhost:*",
                "precis.callback.secret", CALLBACK_SECRET,
                "precis.batch.retry-delay", "100ms",
                "precis.batch.lease", "5s",
                "precis.batch.max-items", "600",
                "precis.batch.max-bytes", "2097152",
                "precis.batch.max-pending-items-per-key", "1200");
    }

    private static Path keys() {
        try {
            Path file = Files.createTempFile("precis-batch-keys", ".txt");
            Files.write(file, List.of(KeyLines.line("desk", DESK, "rpm=100000 tpm=0 tpd=0"), KeyLines.line("other", OTHER, "rpm=100000 tpm=0 tpd=0")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
