package dev.precis.digest;

import dev.precis.model.Digest;
import dev.precis.config.PrecisConfig;
import dev.precis.digest.chunking.ArticleChunker;
import dev.precis.digest.chunking.Chunk;
import dev.precis.deadline.Checkpoint;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.deadline.RequestCancelledException;
import dev.precis.glossary.Glossaries;
import dev.precis.glossary.GlossaryMatch;
import dev.precis.glossary.GlossarySet;
import dev.precis.grounding.Grounder;
import dev.precis.security.Client;
import dev.precis.llm.ChatTurn;
import dev.precis.deadline.Deadline;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LogText;
import dev.precis.llm.LlmGateway;
import dev.precis.prompt.PromptLibrary;
import dev.precis.prompt.PromptSet;
import dev.precis.security.Quotas;
import dev.precis.validation.AnswerValidator;
import dev.precis.validation.ArticleContext;
import dev.precis.validation.Checked;
import dev.precis.model.Issue;
import dev.precis.validation.LanguageGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The digest pipeline: checks the request, detects the language, gets the model's answer (from the cache, shared
 * with an identical request under way, or by asking the model and repairing its answer — chunk by chunk for a long
 * article), then validates and grounds that answer in this request's text and assembles the digest. Blocking by
 * design: callers run it on a virtual thread, and interrupting that thread cancels the LLM calls under way.
 */
@ApplicationScoped
public class DigestService {

    private static final Logger LOG = Logger.getLogger(DigestService.class);

    private final LlmGateway gateway;
    private final PromptLibrary prompts;
    private final AnswerValidator validator;
    private final LanguageGuard languages;
    private final AnswerCache cache;
    private final DigestMetrics metrics;
    private final PrecisConfig config;
    private final ArticleChunker chunker;
    private final Quotas quotas;
    private final Glossaries glossaries;
    private final Map<String, Long> fixedTokens = new ConcurrentHashMap<>();

    DigestService(LlmGateway gateway, PromptLibrary prompts, AnswerValidator validator, LanguageGuard languages,
            AnswerCache cache, DigestMetrics metrics, Quotas quotas, Glossaries glossaries, PrecisConfig config) {
        this.glossaries = glossaries;
        this.gateway = gateway;
        this.prompts = prompts;
        this.validator = validator;
        this.languages = languages;
        this.cache = cache;
        this.metrics = metrics;
        this.config = config;
        this.chunker = new ArticleChunker(config.chunkTokens());
        this.quotas = quotas;
        if (config.maxCallsPerArticle() < 1 + config.repairAttempts()) {
            throw new IllegalStateException("PRECIS_MAX_CALLS_PER_ARTICLE=" + config.maxCallsPerArticle()
                    + " leaves no room for one call and its PRECIS_REPAIR_ATTEMPTS=" + config.repairAttempts()
                    + " repairs: every article would be refused; set it to at least " + (1 + config.repairAttempts())
                    + " (default 24)");
        }
    }

    /**
     * Checks a request as {@link #digest} would before any work (text present and within the limit, title, language),
     * for callers that accept work now and do it later (batches).
     *
     * @throws InvalidRequestException or {@link ArticleTooLongException} saying what is wrong
     */
    public void check(DigestRequest request) {
        ArticleIntake.check(request, config.maxArticleChars());
        glossariesOf(request);
    }

    /**
     * The glossaries a request is held to: its inline entries, then the glossary it names or its key's default.
     *
     * @throws dev.precis.glossary.GlossaryException for a glossary the key may not use, or too many inline entries
     */
    private GlossarySet glossariesOf(DigestRequest request) {
        Client client = request.client();
        Glossaries.Access access = client == null ? Glossaries.Access.OPEN
                : new Glossaries.Access(client.glossaries().defaultGlossary(), client.glossaries().allowed(),
                        client.glossaries().any());
        return glossaries.resolve(request.glossary(), request.glossaryEntries(), access);
    }

    /** The digest of an article, within the request's deadline. */
    public Digest digest(DigestRequest request) {
        return digest(request, Deadline.after(config.requestDeadline()));
    }

    /** The same, for a caller that started the request's clock itself (the HTTP layer, when the request arrived). */
    public Digest digest(DigestRequest request, Deadline deadline) {
        long started = System.nanoTime();
        ArticleIntake.check(request, config.maxArticleChars());
        GlossarySet glossarySet = glossariesOf(request);
        if (config.logArticleText()) {
            LOG.infof("article %s text: %s", CacheKey.fingerprint(request.text()), request.text());
        }
        String language = ArticleIntake.isAuto(request.sourceLanguage())
                ? languages.detect(request.text()).orElse("und")
                : request.sourceLanguage();
        PromptSet promptSet = prompts.current();
        // Only the entries the article mentions go to the model, and only they are held to after it.
        GlossaryMatch glossary = glossarySet.match(request.text(), Checkpoint.of(deadline));
        ArticleContext article = new ArticleContext(new Grounder(request.text(), Checkpoint.of(deadline)), language,
                request.publishedAt(), request.includeTranslation(), glossary);
        String key = CacheKey.of(request, language, promptSet.version(), gateway.primaryModel(),
                glossary.fingerprint());

        List<Chunk> chunks = chunker.split(request.text());
        requireFewEnoughCalls(chunks.size());

        AnswerCache.Served served;
        Digest digest;
        try {
            served = cache.serve(key, deadline, () -> askModel(request, chunks, language, promptSet, article, deadline,
                    glossary));
            digest = assemble(served, article, language, promptSet, started);
        } catch (LlmCallException | UnusableAnswerException | DeadlineExceededException e) {
            // The one line that says a digest was given up on, and why (each failed attempt has its own line).
            LOG.warnf("digest article=%s chars=%d lang=%s gave up after %d ms: %s", CacheKey.fingerprint(request.text()),
                    request.text().length(), language, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    e instanceof UnusableAnswerException unusable ? "no usable answer after " + unusable.llmCalls()
                            + " call(s): " + LogText.printable(e.getMessage())
                            : e instanceof DeadlineExceededException ? "the request deadline ran out" : e.getMessage());
            throw e;
        } catch (RequestCancelledException e) {
            // The client left: the LLM call was aborted; one line says so, as for any other end of a digest.
            LOG.infof("digest article=%s chars=%d lang=%s cancelled after %d ms: the client left",
                    CacheKey.fingerprint(request.text()), request.text().length(), language,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            throw e;
        }
        metrics.digested(digest);
        LOG.infof("digest article=%s chars=%d lang=%s meetings=%d calls=%d cached=%s validation=%s latencyMs=%d%s",
                CacheKey.fingerprint(request.text()), request.text().length(), language, digest.meetings().size(),
                digest.usage().llmCalls(), served.cached(), digest.validation().status(), digest.usage().latencyMs(),
                glossarySet.isEmpty() ? "" : " glossary=" + glossarySet.describe() + " glossaryEntries="
                        + glossary.entries().size());
        return digest;
    }

    /** Grounds the model's answer in this request's text: a cached answer may come from a differently spaced copy. */
    private Digest assemble(AnswerCache.Served served, ArticleContext article, String language, PromptSet promptSet,
            long started) {
        ModelAnswer answer = served.answer();
        // A fresh single-call answer was validated against this very text already; anything else is validated now.
        Checked checked = !served.cached() && answer.checked() != null
                ? answer.checked()
                : validator.check(answer.extraction(), article);
        if (!checked.usable()) {
            throw new UnusableAnswerException(reason(checked), answer.llmCalls());
        }
        List<Issue> issues = new ArrayList<>(checked.issues());
        issues.addAll(answer.notes());
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Digest.Usage usage = served.cached()
                ? new Digest.Usage(answer.model(), promptSet.version(), 0, 0, 0, 0, 0, latencyMs, true)
                : new Digest.Usage(answer.model(), promptSet.version(), answer.llmCalls(), answer.repairCalls(),
                        answer.inputTokens(), answer.outputTokens(), answer.cachedInputTokens(), latencyMs, false);
        Checked.Content content = checked.content();
        return new Digest(language, content.headline(), content.summary(), content.translation(), content.meetings(),
                Digest.Validation.of(issues), usage);
    }

    /** The LLM work, paid from the caller's token quota: reserved from an estimate, settled with the real count. */
    /**
     * The calls an article will take — a first call and the repairs allowed for each part, and one more to write the
     * headline of a long one — must fit {@code PRECIS_MAX_CALLS_PER_ARTICLE}. Checked before any call: text dense in
     * tokens (a long run of combining marks, say) would otherwise be split into dozens of parts, each paid for.
     */
    private void requireFewEnoughCalls(int parts) {
        int perPart = 1 + config.repairAttempts();
        int calls = parts * perPart + (parts > 1 ? 1 : 0);
        if (calls > config.maxCallsPerArticle()) {
            throw ArticleTooLongException.tooManyCalls(parts, calls, config.maxCallsPerArticle());
        }
    }

    private ModelAnswer askModel(DigestRequest request, List<Chunk> chunks, String language, PromptSet promptSet,
            ArticleContext article, Deadline deadline, GlossaryMatch glossary) {
        long estimate = request.client() == null ? 0 : estimateTokens(promptSet, request, glossary);
        Quotas.Reservation reservation = quotas.reserveTokens(request.client(), estimate);
        ModelAnswer answer;
        try {
            answer = extract(request, chunks, language, promptSet, article, deadline, glossary);
        } catch (RuntimeException e) {
            reservation.settle(0);
            throw e;
        }
        // A backend that reports no usage is charged the estimate.
        reservation.settle(answer.inputTokens() == null && answer.outputTokens() == null ? estimate : tokensOf(answer));
        return answer;
    }

    /**
     * What the first call will cost: the prompt as the model sees it, counted with the o200k_base tokenizer, and
     * half as much again for the answer (digests run shorter than their articles; repairs cost more, rarely).
     */
    private long estimateTokens(PromptSet promptSet, DigestRequest request, GlossaryMatch glossary) {
        long prompt = fixedTokens(promptSet) + chunker.countTokens(ArticleIntake.forPrompt(request.text()))
                + (glossary.isEmpty() ? 0 : chunker.countTokens(glossary.promptBlock()));
        return prompt + prompt / 2;
    }

    /** The system prompt and schema cost the same on every call: counted once per prompt version. */
    private long fixedTokens(PromptSet promptSet) {
        return fixedTokens.computeIfAbsent(promptSet.version(),
                version -> (long) chunker.countTokens(promptSet.system()) + chunker.countTokens(promptSet.schemaText()));
    }

    private static long tokensOf(ModelAnswer answer) {
        long input = answer.inputTokens() == null ? 0 : answer.inputTokens();
        long output = answer.outputTokens() == null ? 0 : answer.outputTokens();
        return input + output;
    }

    private ModelAnswer extract(DigestRequest request, List<Chunk> chunks, String language, PromptSet promptSet,
            ArticleContext article, Deadline deadline, GlossaryMatch glossary) {
        ExtractionRun run = new ExtractionRun(gateway, validator, promptSet, config.repairAttempts(),
                config.llm().maxOutputTokens());
        String text = request.text();
        if (chunks.size() == 1) {
            Attempts attempts = run.run(opening(promptSet, request, language, text, PromptSet.Part.WHOLE,
                    glossary.promptBlock()), article, deadline);
            if (attempts.bestUsable().isEmpty()) {
                throw unusable(attempts);
            }
            return attempts.answer();
        }
        return new LongArticle(run, gateway, promptSet, config.chunkParallelism()).answer(text, chunks,
                chunk -> opening(promptSet, request, language, chunk.text(), chunk.part(),
                        glossary.promptBlock(chunk.start(), chunk.end())), article, deadline);
    }

    private List<ChatTurn> opening(PromptSet promptSet, DigestRequest request, String language, String text,
            PromptSet.Part part, String glossary) {
        String title = request.title() == null ? null : ArticleIntake.forPrompt(request.title());
        return List.of(
                ChatTurn.system(promptSet.system()),
                ChatTurn.user(promptSet.userMessage(ArticleIntake.forPrompt(text), title, request.publishedAt(),
                        language, request.includeTranslation(), part, glossary)));
    }

    private static UnusableAnswerException unusable(Attempts attempts) {
        return new UnusableAnswerException(attempts.best().map(DigestService::reason).orElse("no usable answer"),
                attempts.calls.get());
    }

    /** What made an answer unusable: its first issue a repair was asked to fix, else its first. */
    private static String reason(Checked checked) {
        return checked.issues().stream().filter(Issue::repairable).findFirst()
                .or(() -> checked.issues().stream().findFirst())
                .map(Issue::forRepair).orElse("no usable answer");
    }
}
