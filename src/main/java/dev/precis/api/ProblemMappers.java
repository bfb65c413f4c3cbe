package dev.precis.api;

import dev.precis.digest.ArticleTooLongException;
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
    /** Advised when a backend failed without saying when to come back. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return problem(ProblemType.INVALID_REQUEST.with(e.getMessage()));
    }

    /** A chunked body over the limit: the rest of it is not read, so the connection is closed after the answer. */
    @ServerExceptionMapper
    public Response bodyTooLarge(BodyTooLargeException e, RoutingContext rc) {
        if (rc.request().version() != HttpVersion.HTTP_2) {
            rc.addEndHandler(ended -> rc.request().connection().close());
        }
        return Response.status(413).type(Problem.MEDIA_TYPE).header("Connection", "close")
                .entity(ProblemType.BODY_TOO_LARGE.with("The request body is larger than " + e.limit() + " bytes."))
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
    public Response tooLong(ArticleTooLongException e) {
        return problem(ProblemType.ARTICLE_TOO_LONG.with(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unusableAnswer(UnusableAnswerException e) {
        return problem(ProblemType.LLM_INVALID_ANSWER.with("The model's answer could not be used after "
                + e.llmCalls() + " call(s): " + e.getMessage() + "."));
    }

    @ServerExceptionMapper
    public Response llmFailure(LlmCallException e) {
        Problem problem = switch (e.failure()) {
            case UNREACHABLE -> ProblemType.LLM_UNAVAILABLE.with("The LLM backend could not be reached.");
            case OVERLOADED -> ProblemType.LLM_UNAVAILABLE.with("The LLM backend is overloaded or failing (HTTP "
                    + e.backendStatus() + ").");
            case CIRCUIT_OPEN -> ProblemType.LLM_UNAVAILABLE.with("The LLM backend is failing; calls to it are paused.");
            case TIMEOUT -> ProblemType.LLM_TIMEOUT.with("The LLM backend did not answer within the configured timeout.");
            case REJECTED -> ProblemType.LLM_REJECTED.with("The LLM backend refused the request (HTTP "
                    + e.backendStatus() + "); check the service's model, key and URL settings.");
            case CONTEXT_TOO_LONG -> ProblemType.CONTEXT_TOO_LONG.with("The article does not fit the model's context "
                    + "window; lower PRECIS_CHUNK_TOKENS or send a shorter article.");
            case MALFORMED -> ProblemType.LLM_INVALID_ANSWER.with("The LLM backend sent a response that is not a chat completion.");
        };
        if (problem.status() == 503) {
            Duration wait = RetryAfter.passedOn(e.retryAfter().orElse(DEFAULT_RETRY_AFTER));
            return problem(problem.with(problem.detail() + " Try again in " + RetryAfter.headerValue(wait) + " s."),
                    wait);
        }
        return problem(problem);
    }

    @ServerExceptionMapper
    public Response shed(LoadShedException e) {
        return problem(ProblemType.OVERLOADED.with("Too many digests are under way. Try again in "
                + RetryAfter.headerValue(e.retryAfter()) + " s."), e.retryAfter());
    }

    @ServerExceptionMapper
    public Response quota(QuotaExceededException e) {
        return problem(ProblemType.QUOTA_EXCEEDED.with(e.getMessage()), e.retryAfter());
    }

    @ServerExceptionMapper
    public Response deadline(DeadlineExceededException e) {
        return problem(ProblemType.DEADLINE_EXCEEDED.with("The digest was not ready within the request deadline."));
    }

    /** Nobody reads this answer: the client has gone. It only ends the exchange cleanly. */
    @ServerExceptionMapper
    public Response cancelled(RequestCancelledException e) {
        return problem(ProblemType.LLM_UNAVAILABLE.with("The request was cancelled."));
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
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .header("Retry-After", RetryAfter.headerValue(retryAfter)).entity(problem).build();
    }
}
