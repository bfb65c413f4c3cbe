package dev.precis.api;

import dev.precis.model.ProblemType;
import dev.precis.model.Problem;

import dev.precis.batch.BatchDatabase;
import dev.precis.batch.Batches;
import dev.precis.batch.Callbacks;
import dev.precis.digest.ArticleTooLongException;
import dev.precis.digest.Failures;
import dev.precis.digest.InvalidRequestException;
import dev.precis.digest.UnusableAnswerException;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LoadShedException;
import dev.precis.deadline.RequestCancelledException;
import dev.precis.llm.RetryAfter;
import dev.precis.security.QuotaExceededException;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as application/problem+json with a stable {@code type}. Details are written here, from what
 * the client can act on; exception messages that could carry internals (class names, backend URLs) never reach a
 * body.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Every failure the pipeline throws on purpose, answered as {@link Failures} describes it. */
    @ServerExceptionMapper({InvalidRequestException.class, ArticleTooLongException.class, UnusableAnswerException.class,
            dev.precis.glossary.GlossaryException.class,
            LlmCallException.class, LoadShedException.class, QuotaExceededException.class,
            DeadlineExceededException.class, RequestCancelledException.class})
    public Response pipelineFailure(RuntimeException e) {
        Failures.Failure failure = Failures.of(e).orElseThrow();
        // A 504 is not told to come back (the same article would take as long); 503s and 429s are.
        Duration wait = failure.problem().status() == 504 ? null : failure.retryAfter().orElse(null);
        return problem(failure.problem(), wait);
    }

    /** A chunked body over the limit: the rest of it is not read, so the connection is closed after the answer. */
    @ServerExceptionMapper
    public Response bodyTooLarge(BodyTooLargeException e, RoutingContext rc) {
        if (rc.request().version() != HttpVersion.HTTP_2) {
            rc.addEndHandler(ended -> rc.request().connection().close());
        }
        return Response.status(413).type(Problem.MEDIA_TYPE).header("Connection", "close")
                .entity(e.batch() ? ProblemType.BATCH_TOO_LARGE.with("The batch body is larger than " + e.limit()
                        + " bytes (PRECIS_BATCH_MAX_BYTES).")
                        : ProblemType.BODY_TOO_LARGE.with("The request body is larger than " + e.limit() + " bytes."))
                .build();
    }

    /** The body was not read to its end: answer, then close the connection. */
    @ServerExceptionMapper
    public Response bodyTimeout(BodyTimeoutException e, RoutingContext rc) {
        if (rc.request().version() != HttpVersion.HTTP_2) {
            rc.addEndHandler(ended -> rc.request().connection().close());
        }
        return Response.status(408).type(Problem.MEDIA_TYPE).header("Connection", "close")
                .entity(ProblemType.REQUEST_TIMEOUT.with("The request body did not arrive in time.")).build();
    }

    @ServerExceptionMapper
    public Response invalidBatch(Batches.InvalidBatchException e) {
        return problem(ProblemType.INVALID_REQUEST.with("The batch was not accepted: " + e.getMessage() + "."));
    }

    @ServerExceptionMapper
    public Response tooManyItems(Batches.TooManyItemsException e) {
        return problem(ProblemType.BATCH_TOO_LARGE.with(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response tooManyPending(Batches.TooManyPendingException e) {
        return problem(ProblemType.QUOTA_EXCEEDED.with(e.getMessage()), java.time.Duration.ofSeconds(60));
    }

    @ServerExceptionMapper
    public Response idempotencyConflict(Batches.IdempotencyConflictException e) {
        return problem(ProblemType.IDEMPOTENCY_CONFLICT.with(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response callbackForbidden(Callbacks.ForbiddenException e) {
        return problem(ProblemType.CALLBACK_FORBIDDEN.with(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response batchesUnavailable(BatchDatabase.UnavailableException e) {
        return problem(ProblemType.BATCHES_UNAVAILABLE.with("The batch database is unavailable; try again in 5 s. "
                + "Digests (POST /v1/digests) are not affected."), java.time.Duration.ofSeconds(5));
    }

    @ServerExceptionMapper
    public Response noSuchBatch(BatchResource.NoSuchBatchException e) {
        return problem(ProblemType.NOT_FOUND.with("No batch of yours has this id."));
    }

    @ServerExceptionMapper
    public Response batchUploadsBusy(BatchResource.OverloadedException e) {
        return problem(ProblemType.OVERLOADED.with(e.getMessage()), java.time.Duration.ofSeconds(5));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ProblemType type = ProblemType.forHttpStatus(status);
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        return problem(new Problem(type.uri(), type.title(), status, detailFor(status)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unexpected failure", e);
        return problem(ProblemType.INTERNAL_ERROR.with("The service failed unexpectedly; the error has been logged."));
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed on this path.";
            case 406 -> "This resource answers application/json only.";
            case 415 -> "Send the article as application/json or text/plain.";
            case 413 -> "The request body is too large.";
            default -> status >= 500 ? "The service failed unexpectedly." : "The request is invalid.";
        };
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Response problem(Problem problem, Duration retryAfter) {
        if (retryAfter == null) {
            return problem(problem);
        }
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .header("Retry-After", RetryAfter.headerValue(retryAfter)).entity(problem).build();
    }
}
