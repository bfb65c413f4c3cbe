package dev.precis.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.precis.digest.ArticleTooLongException;
import dev.precis.digest.InvalidRequestException;
import dev.precis.digest.UnusableAnswerException;
import dev.precis.llm.LlmCallException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
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
    public Response malformedJson(StreamReadException e) {
        return problem(ProblemType.INVALID_REQUEST.with(e instanceof JsonParseException && isDuplicate(e)
                ? "The JSON body has a duplicate key."
                : "The body is not valid JSON."));
    }

    // Declared for the subtype too: the JSON extension maps MismatchedInputException itself, and the most
    // specific mapper wins.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return mismatchedJson(e);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(JsonMappingException e) {
        String field = fieldOf(e);
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'.";
        } else if (e instanceof InvalidFormatException && field.equals("publishedAt")) {
            detail = "'publishedAt' must be a date written YYYY-MM-DD.";
        } else if (field.isEmpty()) {
            detail = "The body must be a JSON object.";
        } else {
            detail = "Field '" + field + "' has the wrong type.";
        }
        return problem(ProblemType.INVALID_REQUEST.with(detail));
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

    private static boolean isDuplicate(Exception e) {
        return String.valueOf(e.getMessage()).startsWith("Duplicate field");
    }

    private static String fieldOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
