package dev.precis.digest;

import dev.precis.digest.chunking.ArticleChunker;
import dev.precis.digest.chunking.Chunk;
import dev.precis.digest.chunking.ExtractionMerger;
import dev.precis.llm.ChatTurn;
import dev.precis.llm.Deadline;
import dev.precis.llm.LlmCall;
import dev.precis.llm.LlmCallException;
import dev.precis.llm.LlmGateway;
import dev.precis.llm.LlmReply;
import dev.precis.llm.RequestCancelledException;
import dev.precis.prompt.PromptSet;
import dev.precis.validation.AnswerParser;
import dev.precis.validation.ArticleContext;
import dev.precis.validation.Extraction;
import dev.precis.validation.Issue;
import dev.precis.validation.IssueCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        List<Optional<Attempts>> runs = extractAll(text, chunks, opening, article, deadline);
        Attempts total = new Attempts();
        List<Extraction> parts = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Optional<Attempts> chunkRun = runs.get(i);
            if (chunkRun.isEmpty()) {
                Chunk chunk = chunks.get(i);
                total.note(Issue.of(IssueCode.CHUNK_UNUSABLE, "$", "part " + (i + 1) + " of " + chunks.size()
                        + " (characters " + chunk.start() + "-" + chunk.end() + ") gave no usable answer"));
                continue;
            }
            ModelAnswer answer = chunkRun.get().answer();
            total.add(answer);
            parts.add(answer.extraction());
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
    record ChunkPrompt(String text, PromptSet.Part part) {
    }

    /** One run per chunk, {@code parallelism} at a time; empty where a chunk's answers were all unusable. */
    private List<Optional<Attempts>> extractAll(String text, List<Chunk> chunks,
            Function<ChunkPrompt, List<ChatTurn>> opening, ArticleContext article, Deadline deadline) {
        Semaphore slots = new Semaphore(parallelism);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<Attempts>>> futures = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                ChunkPrompt prompt = new ChunkPrompt(chunks.get(i).textOf(text), new PromptSet.Part(i + 1, chunks.size()));
                futures.add(pool.submit(() -> extractOne(opening.apply(prompt), article, deadline, slots)));
            }
            List<Optional<Attempts>> results = new ArrayList<>();
            for (Future<Optional<Attempts>> future : futures) {
                results.add(await(future, pool));
            }
            return results;
        }
    }

    private Optional<Attempts> extractOne(List<ChatTurn> opening, ArticleContext article, Deadline deadline,
            Semaphore slots) throws InterruptedException {
        slots.acquire();
        try {
            return Optional.of(run.run(opening, article, deadline)).filter(a -> a.bestUsable().isPresent());
        } catch (UnusableAnswerException e) {
            return Optional.empty();
        } finally {
            slots.release();
        }
    }

    /** A chunk's result; any other failure (backend down, deadline) stops the other chunks and fails the article. */
    private static <T> T await(Future<T> future, ExecutorService pool) {
        try {
            return future.get();
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
                LlmReply reply = gateway.complete(new LlmCall(messages, prompts.mergeSchema(), LEAD_MAX_TOKENS), deadline,
                        total.calls);
                total.recordReply(reply);
                Optional<Extraction> whole = new AnswerParser().parse(reply.text()).extraction()
                        .filter(e -> e.headline() != null && !e.headline().isBlank() && e.summary() != null
                                && !e.summary().isBlank());
                if (whole.isPresent()) {
                    return new Lead(whole.get().headline(), whole.get().summary());
                }
            } catch (LlmCallException e) {
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
