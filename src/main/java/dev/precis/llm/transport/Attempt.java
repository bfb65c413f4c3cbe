package dev.precis.llm.transport;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What one HTTP attempt may take, carried to {@link PrecisHttpClient} on the calling thread: LangChain4j's chat models
 * call the HTTP client on the thread that called them, and know nothing of our deadline. The time is a hard limit
 * over the whole exchange (connect, headers, body); the bytes bound the body read.
 */
public final class Attempt {

    private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

    private final Duration timeout;
    private final long maxResponseBytes;
    private String lastBody;

    public Attempt(Duration timeout, long maxResponseBytes) {
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    public Duration timeout() {
        return timeout;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** The body of the last successful response of this attempt, for what a provider's model does not pass on. */
    public String lastBody() {
        return lastBody;
    }

    void received(String body) {
        this.lastBody = body;
    }

    /** Runs {@code call} (a chat model's call) with this attempt's limits in force. */
    public <T> T run(Supplier<T> call) {
        CURRENT.set(this);
        try {
            return call.get();
        } finally {
            CURRENT.remove();
        }
    }

    /** The limits of the attempt under way on this thread. */
    static Attempt current() {
        Attempt attempt = CURRENT.get();
        if (attempt == null) {
            // Every call goes through a backend, which sets the limits: one that does not is a bug, not a default.
            throw new IllegalStateException("an LLM call was made outside an attempt (no time limit in force)");
        }
        return attempt;
    }
}
