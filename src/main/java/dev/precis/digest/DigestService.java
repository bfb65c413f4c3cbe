package dev.precis.digest;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.precis.config.PrecisConfig;
import dev.precis.grounding.Grounder;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LlmClient;
import dev.precis.llm.LlmReply;
import dev.precis.prompt.PromptLibrary;
import dev.precis.prompt.PromptSet;
import dev.precis.validation.AnswerValidator;
import dev.precis.validation.ArticleContext;
import dev.precis.validation.Checked;
import dev.precis.validation.Issue;
import dev.precis.validation.IssueCode;
import dev.precis.validation.LanguageGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The digest pipeline: checks the request, detects the language, asks the model, validates and grounds its answer,
 * re-asks with the issues quoted while a repair may help, and assembles the digest. Blocking by design: callers
 * run it on a virtual thread.
 */
@ApplicationScoped
public class DigestService {

    private static final Logger LOG = Logger.getLogger(DigestService.class);
    /** Stands in for an answer with no text when it is quoted back to the model. */
    private static final String EMPTY_ANSWER = "(no answer)";

    private final LlmClient llm;
    private final PromptLibrary prompts;
    private final AnswerValidator validator;
    private final LanguageGuard languages;
    private final PrecisConfig config;

    DigestService(LlmClient llm, PromptLibrary prompts, AnswerValidator validator, LanguageGuard languages,
            PrecisConfig config) {
        this.llm = llm;
        this.prompts = prompts;
        this.validator = validator;
        this.languages = languages;
        this.config = config;
    }

    public Digest digest(DigestRequest request) {
        long started = System.nanoTime();
        ArticleIntake.check(request, config.maxArticleChars());
        String language = ArticleIntake.isAuto(request.sourceLanguage())
                ? languages.detect(request.text()).orElse("und")
                : request.sourceLanguage();
        PromptSet promptSet = prompts.current();
        ArticleContext article = new ArticleContext(new Grounder(request.text()), request.publishedAt(),
                request.includeTranslation());
        List<ChatMessage> opening = List.of(
                SystemMessage.from(promptSet.system()),
                UserMessage.from(promptSet.userMessage(ArticleIntake.forPrompt(request.text()),
                        request.title() == null ? null : ArticleIntake.forPrompt(request.title()),
                        request.publishedAt(), language, request.includeTranslation(), llm.schemaGoesInPrompt())));

        Attempts attempts = askAndRepair(opening, promptSet, article);
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Checked best = attempts.bestUsable().orElseThrow(() -> unusable(attempts));
        Digest digest = new Digest(language, best.content().headline(), best.content().summary(),
                best.content().translation(), best.content().meetings(), Digest.Validation.of(best.issues()),
                attempts.usage(promptSet.version(), latencyMs));
        LOG.infof("digest article=%s chars=%d lang=%s meetings=%d calls=%d validation=%s latencyMs=%d",
                fingerprint(request.text()), request.text().length(), language, digest.meetings().size(),
                attempts.calls(), digest.validation().status(), latencyMs);
        return digest;
    }

    /**
     * The first call, then one repair call per round while the answer has repairable issues and repairs remain.
     * A repair call that fails does not throw away a usable earlier answer.
     */
    private Attempts askAndRepair(List<ChatMessage> opening, PromptSet promptSet, ArticleContext article) {
        Attempts attempts = new Attempts();
        List<ChatMessage> messages = opening;
        for (int repairs = 0; ; repairs++) {
            LlmReply reply;
            try {
                reply = completeUncut(messages, promptSet, attempts);
            } catch (LlmCallException | UnusableAnswerException e) {
                if (repairs == 0 || attempts.bestUsable().isEmpty()) {
                    throw e;
                }
                attempts.annotateBest(Issue.of(IssueCode.REPAIR_FAILED, "$",
                        "a repair call failed; this digest is the best earlier answer"));
                return attempts;
            }
            Checked checked = validator.check(reply.text(), article);
            attempts.recordAnswer(checked);
            if (!checked.needsRepair() || repairs == config.repairAttempts()) {
                return attempts;
            }
            messages = repairConversation(opening, reply.text(), checked.repairable(), promptSet);
        }
    }

    /**
     * One call; when the answer is cut off at the output token limit, the same request once more with twice the
     * limit. An answer cut off again cannot be repaired by asking the same way: it is unusable.
     */
    private LlmReply completeUncut(List<ChatMessage> messages, PromptSet promptSet, Attempts attempts) {
        int budget = llm.maxOutputTokens();
        LlmReply reply = call(messages, promptSet, budget, attempts);
        if (reply.truncated()) {
            reply = call(messages, promptSet, budget * 2, attempts);
        }
        if (reply.truncated()) {
            throw new UnusableAnswerException("the answer was cut off at the output limit of " + budget * 2
                    + " tokens", attempts.calls());
        }
        return reply;
    }

    private LlmReply call(List<ChatMessage> messages, PromptSet promptSet, int budget, Attempts attempts) {
        try {
            LlmReply reply = llm.complete(messages, promptSet.schema(), budget);
            attempts.recordCall(reply);
            return reply;
        } catch (LlmCallException e) {
            attempts.recordFailedCall();
            throw e;
        }
    }

    /**
     * The opening messages, the model's last answer and the list of its problems. Only the last answer is quoted,
     * not the whole history: it is what needs fixing, and every earlier answer would be paid for again in tokens.
     */
    private static List<ChatMessage> repairConversation(List<ChatMessage> opening, String answer, List<Issue> issues,
            PromptSet promptSet) {
        List<String> problems = issues.stream().map(Issue::forRepair).toList();
        return List.of(opening.get(0), opening.get(1),
                AiMessage.from(answer == null || answer.isBlank() ? EMPTY_ANSWER : answer),
                UserMessage.from(promptSet.repairMessage(problems)));
    }

    private static UnusableAnswerException unusable(Attempts attempts) {
        String why = attempts.best().flatMap(best -> best.issues().stream().findFirst())
                .map(Issue::forRepair).orElse("no usable answer");
        return new UnusableAnswerException(why, attempts.calls());
    }

    /** Identifies an article in logs without logging its text. */
    static String fingerprint(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
