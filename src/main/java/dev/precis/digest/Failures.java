package dev.precis.digest;

import dev.precis.deadline.DeadlineExceededException;
import dev.precis.deadline.RequestCancelledException;
import dev.precis.glossary.GlossaryException;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LoadShedException;
import dev.precis.llm.RetryAfter;
import dev.precis.model.Problem;
import dev.precis.model.ProblemType;
import dev.precis.security.QuotaExceededException;
import java.time.Duration;
import java.util.Optional;

/**
 * What a failed digest tells its caller: the problem (stable type, a sentence that never carries internals), the
 * wait to advise when trying again makes sense, and whether it may. One mapping for every entry point: the HTTP
 * answer of {@code POST /v1/digests} and the recorded outcome of a batch item say the same thing.
 */
public final class Failures {

    /** Advised when a backend failed without saying when to come back. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * @param problem what to tell the caller
     * @param retryAfter the wait to advise; present exactly when trying the same article again later may succeed
     */
    public record Failure(Problem problem, Optional<Duration> retryAfter) {

        public boolean retryable() {
            return retryAfter.isPresent();
        }
    }

    private Failures() {
    }

    /** The failure a pipeline exception stands for; empty for anything the pipeline does not throw on purpose. */
    public static Optional<Failure> of(Throwable e) {
        return Optional.ofNullable(switch (e) {
            case InvalidRequestException invalid -> permanent(ProblemType.INVALID_REQUEST.with(invalid.getMessage()));
            case GlossaryException glossary -> permanent((switch (glossary.reason()) {
                case UNKNOWN -> ProblemType.UNKNOWN_GLOSSARY;
                case TOO_LARGE -> ProblemType.GLOSSARY_TOO_LARGE;
                case INVALID -> ProblemType.INVALID_REQUEST;
            }).with(glossary.getMessage()));
            case ArticleTooLongException tooLong -> permanent(ProblemType.ARTICLE_TOO_LONG.with(tooLong.getMessage()));
            case UnusableAnswerException unusable -> permanent(ProblemType.LLM_INVALID_ANSWER.with(
                    "The model's answer could not be used after " + unusable.llmCalls() + " call(s): "
                            + unusable.getMessage() + "."));
            case LlmCallException llm -> llm(llm);
            case LoadShedException shed -> new Failure(ProblemType.OVERLOADED.with("Too many digests are under way. "
                    + "Try again in " + RetryAfter.headerValue(shed.retryAfter()) + " s."), Optional.of(shed.retryAfter()));
            case QuotaExceededException quota -> new Failure(ProblemType.QUOTA_EXCEEDED.with(quota.getMessage()),
                    Optional.of(quota.retryAfter()));
            case DeadlineExceededException deadline -> new Failure(ProblemType.DEADLINE_EXCEEDED.with(
                    "The digest was not ready within the request deadline."), Optional.of(DEFAULT_RETRY_AFTER));
            case RequestCancelledException cancelled -> new Failure(ProblemType.LLM_UNAVAILABLE.with(
                    "The request was cancelled."), Optional.of(DEFAULT_RETRY_AFTER));
            default -> null;
        });
    }

    private static Failure permanent(Problem problem) {
        return new Failure(problem, Optional.empty());
    }

    private static Failure llm(LlmCallException e) {
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
            return new Failure(problem.with(problem.detail() + " Try again in " + RetryAfter.headerValue(wait) + " s."),
                    Optional.of(wait));
        }
        if (problem.status() == 504) {
            return new Failure(problem, Optional.of(DEFAULT_RETRY_AFTER));
        }
        return permanent(problem);
    }
}
