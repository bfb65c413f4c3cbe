package dev.precis.digest;

import dev.precis.llm.ChatTurn;
import dev.precis.deadline.Deadline;
import dev.precis.llm.LlmCall;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LlmGateway;
import dev.precis.llm.LlmReply;
import dev.precis.llm.LoadShedException;
import dev.precis.prompt.PromptSet;
import dev.precis.validation.AnswerValidator;
import dev.precis.validation.ArticleContext;
import dev.precis.validation.Checked;
import dev.precis.model.Issue;
import dev.precis.model.IssueCode;
import java.util.List;

/**
 * Asks the model about one text (a whole article, or one chunk of a long one) and repairs its answer: a first
 * call, then one re-ask per round, quoting the issues, while the answer has repairable issues and repairs remain.
 */
final class ExtractionRun {

    /** Stands in for an answer with no text when it is quoted back to the model. */
    private static final String EMPTY_ANSWER = "(no answer)";

    private final LlmGateway gateway;
    private final AnswerValidator validator;
    private final PromptSet prompts;
    private final int repairAttempts;
    private final int maxOutputTokens;

    ExtractionRun(LlmGateway gateway, AnswerValidator validator, PromptSet prompts, int repairAttempts,
            int maxOutputTokens) {
        this.gateway = gateway;
        this.validator = validator;
        this.prompts = prompts;
        this.repairAttempts = repairAttempts;
        this.maxOutputTokens = maxOutputTokens;
    }

    /**
     * A failing repair call does not throw away a usable earlier answer.
     *
     * @param opening the system and user messages
     * @param article what the answer is validated and grounded against
     */
    Attempts run(List<ChatTurn> opening, ArticleContext article, Deadline deadline) {
        Attempts attempts = new Attempts();
        List<ChatTurn> messages = opening;
        for (int repairs = 0; ; repairs++) {
            LlmReply reply;
            try {
                reply = completeUncut(messages, deadline, attempts);
            } catch (LlmCallException | UnusableAnswerException | LoadShedException | DeadlineExceededException e) {
                if (repairs == 0 || attempts.bestUsable().isEmpty()) {
                    throw e;
                }
                attempts.note(Issue.of(IssueCode.REPAIR_FAILED, "$",
                        "a repair call failed; this digest is the best earlier answer"));
                return attempts;
            }
            Checked checked = validator.check(reply.text(), article);
            attempts.recordAnswer(checked);
            if (!checked.needsRepair() || repairs == repairAttempts) {
                return attempts;
            }
            messages = repairConversation(opening, reply.text(), checked.repairable());
            attempts.repairs++;
        }
    }

    /**
     * One call; when the answer is cut off at the output token limit, the same request once more with twice the
     * limit. An answer cut off again cannot be repaired by asking the same way: it is unusable.
     */
    private LlmReply completeUncut(List<ChatTurn> messages, Deadline deadline, Attempts attempts) {
        LlmReply reply = call(messages, maxOutputTokens, deadline, attempts);
        if (reply.truncated()) {
            reply = call(messages, maxOutputTokens * 2, deadline, attempts);
        }
        if (reply.truncated()) {
            throw new UnusableAnswerException("the answer was cut off at the output limit of " + maxOutputTokens * 2
                    + " tokens", attempts.calls.get());
        }
        return reply;
    }

    private LlmReply call(List<ChatTurn> messages, int budget, Deadline deadline, Attempts attempts) {
        LlmReply reply = gateway.complete(new LlmCall(messages, "digest", prompts.schema(), prompts.schemaInstruction(),
                budget), deadline, attempts.calls);
        attempts.recordReply(reply);
        return reply;
    }

    /**
     * The opening messages, the model's last answer and the list of its problems. Only the last answer is quoted,
     * not the whole history: it is what needs fixing, and every earlier answer would be paid for again in tokens.
     */
    private List<ChatTurn> repairConversation(List<ChatTurn> opening, String answer, List<Issue> issues) {
        List<String> problems = issues.stream().map(Issue::forRepair).toList();
        return List.of(opening.get(0), opening.get(1),
                ChatTurn.assistant(answer == null || answer.isBlank() ? EMPTY_ANSWER : answer),
                ChatTurn.user(prompts.repairMessage(problems)));
    }
}
