package dev.precis.digest;

import dev.precis.digest.chunking.ArticleChunker;
import dev.precis.digest.chunking.Chunk;
import dev.precis.digest.chunking.ExtractionMerger;
import dev.precis.llm.ChatTurn;
import dev.precis.deadline.Deadline;
import dev.precis.llm.LlmCall;
import dev.precis.deadline.DeadlineExceededException;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LlmGateway;
import dev.precis.llm.LlmReply;
import dev.precis.llm.LoadShedException;
import dev.precis.deadline.RequestCancelledException;
import dev.precis.prompt.PromptSet;
import dev.precis.validation.AnswerParser;
import dev.precis.validation.ArticleContext;
import dev.precis.validation.Extraction;
import dev.precis.model.Issue;
import dev.precis.model.IssueCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * An article too long for one call: split at paragraph and sentence boundaries, each chunk extracted (a few at a
 * time) and repaired on its own, the answers merged (the same meeting or person found in two chunks appears
 * once), and one headline and summary written for the whole from the chunks' own. Mentions need no shifting:
 * every quote is located in the whole article.
 */
final class LongArticle {

    /** A headline and three sentences fit in far fewer tokens; the margin covers verbose models. */
    private static final int LEAD_MAX_TOKENS = 1_024;

    private final ExtractionRun run;
    private final LlmGateway gateway;
    private final PromptSet prompts;
    private final int parallelism;

    LongArticle(ExtractionRun run, LlmGateway gateway, PromptSet prompts, int parallelism) {
        this.run = run;
        this.gateway = gateway;
        this.prompts = prompts;
        this.parallelism = parallelism;
    }

    /**
     * @param opening the system and user messages for one chunk's text and place in the article
     */
    ModelAnswer answer(String text, List<Chunk> chunks, Function<ChunkPrompt, List<ChatTurn>> opening,
            ArticleContext article, Deadline deadline) {
        List<ChunkResult> results = extractAll(text, chunks, opening, article, deadline);
        Attempts total = new Attempts();
        List<Extraction> parts = new ArrayList<>();
        for (ChunkResult result : results) {
            if (result.answer() == null) {
                Chunk chunk = chunks.get(result.index());
                total.calls.addAndGet(result.unusableCalls());
                total.note(Issue.of(IssueCode.CHUNK_UNUSABLE, "$", "part " + (result.index() + 1) + " of "
                        + chunks.size() + " (characters " + chunk.start() + "-" + chunk.end() + ") gave no usable answer"));
                continue;
            }
            total.add(result.answer());
            parts.add(result.answer().extraction());
        }
        if (parts.isEmpty()) {
            throw new UnusableAnswerException("no part of the article gave a usable answer", total.calls.get());
        }
        Lead lead = lead(parts, total, deadline);
        return total.answerWith(ExtractionMerger.merge(parts, lead.headline(), lead.summary()));
    }

    /** The headline and summary of the whole article. */
    private record Lead(String headline, String summary) {
    }

    /** The chunk text and where it stands, for the prompt. */
    record ChunkPrompt(String text, int start, int end, PromptSet.Part part) {
    }

    /** One chunk's outcome: its answer, or (when every answer was unusable) how many calls were spent on it. */
    private record ChunkResult(int index, ModelAnswer answer, int unusableCalls) {
    }

    /**
     * One run per chunk, {@code parallelism} at a time, in article order. Results are taken as they finish, so the
     * first failure that dooms the article (backend down, deadline) stops the other chunks at once.
     */
    private List<ChunkResult> extractAll(String text, List<Chunk> chunks,
            Function<ChunkPrompt, List<ChatTurn>> opening, ArticleContext article, Deadline deadline) {
        Semaphore slots = new Semaphore(parallelism);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ExecutorCompletionService<ChunkResult> finished = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < chunks.size(); i++) {
                int index = i;
                ChunkPrompt prompt = new ChunkPrompt(chunks.get(i).textOf(text), chunks.get(i).start(), chunks.get(i).end(),
                        new PromptSet.Part(i + 1, chunks.size()));
                finished.submit(() -> extractOne(index, opening.apply(prompt), article, deadline, slots));
            }
            ChunkResult[] results = new ChunkResult[chunks.size()];
            for (int done = 0; done < chunks.size(); done++) {
                ChunkResult result = next(finished, pool);
                results[result.index()] = result;
            }
            return List.of(results);
        }
    }

    private ChunkResult extractOne(int index, List<ChatTurn> opening, ArticleContext article, Deadline deadline,
            Semaphore slots) throws InterruptedException {
        slots.acquire();
        try {
            Attempts attempts = run.run(opening, article, deadline);
            return attempts.bestUsable().isPresent()
                    ? new ChunkResult(index, attempts.answer(), 0)
                    : new ChunkResult(index, null, attempts.calls.get());
        } catch (UnusableAnswerException e) {
            return new ChunkResult(index, null, e.llmCalls());
        } finally {
            slots.release();
        }
    }

    /** The next chunk to finish; any failure stops the others and fails the article. */
    private static ChunkResult next(ExecutorCompletionService<ChunkResult> finished, ExecutorService pool) {
        try {
            return finished.take().get();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            throw new RequestCancelledException();
        } catch (ExecutionException e) {
            pool.shutdownNow();
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * One call writes the headline and summary of the whole from the parts' own. Without it (the call failed, or
     * its answer is unusable) the first part's stand in, and an issue says the summary covers only the start.
     */
    private Lead lead(List<Extraction> parts, Attempts total, Deadline deadline) {
        if (parts.size() > 1) {
            List<Map<String, String>> digests = parts.stream()
                    .map(part -> Map.of("headline", String.valueOf(part.headline()), "summary", String.valueOf(part.summary())))
                    .toList();
            List<ChatTurn> messages = List.of(ChatTurn.system(prompts.mergeSystem()),
                    ChatTurn.user(prompts.mergeMessage(digests)));
            try {
                LlmReply reply = gateway.complete(new LlmCall(messages, "headline", prompts.mergeSchema(),
                        prompts.mergeSchemaInstruction(), LEAD_MAX_TOKENS), deadline,
                        total.calls);
                total.recordReply(reply);
                Optional<Extraction> whole = new AnswerParser().parse(reply.text()).extraction()
                        .filter(e -> e.headline() != null && !e.headline().isBlank() && e.summary() != null
                                && !e.summary().isBlank());
                if (whole.isPresent()) {
                    return new Lead(whole.get().headline(), whole.get().summary());
                }
            } catch (LlmCallException | LoadShedException | DeadlineExceededException e) {
                // The parts' digests are still good; only the overall headline is missing.
            }
        }
        if (parts.size() > 1) {
            total.note(Issue.of(IssueCode.SUMMARY_PARTIAL, "$.summary",
                    "the headline and summary cover the start of the article only"));
        }
        return new Lead(parts.get(0).headline(), parts.get(0).summary());
    }
}
