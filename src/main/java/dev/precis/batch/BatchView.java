package dev.precis.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch as its owner sees it: {@code GET /v1/batches/{id}}, the list, and the body of its callback. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Batch", description = "A batch of articles and how far it has got.")
public record BatchView(
        @Schema(description = "The batch's id.", examples = "b_01KBM3Z7Q0XK4TJ9V6R2D8FHNA") String id,
        @Schema(description = "queued, running, completed (every item ended, at least one digest), failed (every item "
                + "failed), cancelled.", enumeration = {"queued", "running", "completed", "failed", "cancelled"})
        String status,
        Counts counts,
        Usage usage,
        @Schema(description = "When it was submitted (UTC).") Instant createdAt,
        @Schema(description = "When its first item was started.") Instant startedAt,
        @Schema(description = "When its last item ended.") Instant finishedAt,
        @Schema(description = "The metadata given at submission, as given.", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)
        @JsonRawValue String metadata,
        @Schema(description = "Where the batch's end is POSTed.") String callbackUrl,
        @Schema(description = "pending (not sent yet, or being retried), delivered, failed (given up).")
        String callbackState,
        @Schema(description = "Where the results are read.", examples = "/v1/batches/b_01KBM3Z7Q0XK4TJ9V6R2D8FHNA/results")
        String results) {

    @Schema(name = "BatchCounts")
    public record Counts(int total, int succeeded, int failed, int cancelled, int pending) {
    }

    @Schema(name = "BatchUsage", description = "LLM usage of the batch's items so far (cached items cost none).")
    public record Usage(long llmCalls, long inputTokens, long outputTokens) {
    }

    static BatchView of(BatchStore.Batch batch) {
        return new BatchView(batch.id(), batch.status(),
                new Counts(batch.total(), batch.succeeded(), batch.failed(), batch.cancelled(), batch.pending()),
                new Usage(batch.llmCalls(), batch.inputTokens(), batch.outputTokens()),
                Instant.ofEpochMilli(batch.createdAt()), instant(batch.startedAt()), instant(batch.finishedAt()),
                batch.metadata(), batch.callbackUrl(), batch.callbackState(),
                "/v1/batches/" + batch.id() + "/results");
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
