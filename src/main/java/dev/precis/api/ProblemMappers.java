package dev.precis.api;

import dev.precis.digest.ArticleTooLongException;
import dev.precis.digest.InvalidRequestException;
import dev.precis.digest.UnusableAnswerException;
import dev.precis.llm.LlmCallException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as application/problem+json with a stable {@code type}. Details are written here, from what
 * the client can act on; exception messages that could carry internals (class names, backend URLs) never reach a
 * body.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return problem(ProblemType.INVALID_REQUEST.with(e.getMessage()));
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
        return problem(switch (e.failure()) {
            case UNREACHABLE -> ProblemType.LLM_UNAVAILABLE.with("The LLM backend could not be reached. Try again later.");
            case OVERLOADED -> ProblemType.LLM_UNAVAILABLE.with("The LLM backend is overloaded or failing (HTTP "
                    + e.backendStatus() + "). Try again later.");
            case TIMEOUT -> ProblemType.LLM_TIMEOUT.with("The LLM backend did not answer within the configured timeout.");
            case REJECTED -> ProblemType.LLM_REJECTED.with("The LLM backend refused the request (HTTP "
                    + e.backendStatus() + "); check the service's model, key and URL settings.");
            case MALFORMED -> ProblemType.LLM_INVALID_ANSWER.with("The LLM backend sent a response that is not a chat completion.");
        });
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
}
