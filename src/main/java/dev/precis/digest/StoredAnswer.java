package dev.precis.digest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.validation.Extraction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A model answer as the fleet's cache keeps it in Redis: its extraction and what it cost, as JSON, deflated (a digest
 * shrinks to about a third). Only answers worth caching are stored (no notes, not from the fallback), and never
 * their validation: grounding is redone for each request. A value that cannot be read (another version's, or
 * damaged) is a miss, never an error.
 */
final class StoredAnswer {

    /** What is stored; {@code v} changes when this shape does, so an old value is a miss rather than a wrong answer. */
    record Stored(int v, Extraction extraction, int llmCalls, int repairCalls, Integer inputTokens, Integer outputTokens,
            Integer cachedInputTokens, String model) {
    }

    private static final int VERSION = 1;
    /** Longest inflated value read back: far above any answer the output budget allows, far below harm. */
    private static final int MAX_INFLATED = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StoredAnswer() {
    }

    static byte[] encode(ModelAnswer answer) {
        Stored stored = new Stored(VERSION, answer.extraction(), answer.llmCalls(), answer.repairCalls(),
                answer.inputTokens(), answer.outputTokens(), answer.cachedInputTokens(), answer.model());
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out, deflater)) {
            JSON.writeValue(deflate, stored);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            deflater.end(); // its native memory now, not when a cleaner gets to it
        }
        return out.toByteArray();
    }

    static Optional<ModelAnswer> decode(byte[] bytes) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(bytes), inflater)) {
            byte[] json = in.readNBytes(MAX_INFLATED + 1);
            if (json.length > MAX_INFLATED) {
                return Optional.empty();
            }
            Stored stored = JSON.readValue(json, Stored.class);
            if (stored.v() != VERSION || stored.extraction() == null || stored.model() == null) {
                return Optional.empty();
            }
            return Optional.of(new ModelAnswer(stored.extraction(), List.of(), stored.llmCalls(), stored.repairCalls(),
                    stored.inputTokens(), stored.outputTokens(), stored.cachedInputTokens(), stored.model(), false,
                    null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            inflater.end();
        }
    }
}
