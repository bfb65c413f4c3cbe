package dev.precis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The service's settings. Each key {@code precis.a-b} is also read from the environment variable
 * {@code PRECIS_A_B}; the README's configuration table lists them all.
 */
@ConfigMapping(prefix = "precis")
public interface PrecisConfig {

    /** The LLM backend. */
    Llm llm();

    /** Overall time limit of one request, every LLM call, retry and wait included; then 504. */
    @WithDefault("180s")
    Duration requestDeadline();

    /** LLM calls allowed at once across all requests; more wait in a bounded queue. */
    @WithDefault("64")
    @Min(1)
    int maxConcurrentLlmCalls();

    /** LLM calls allowed to wait for a turn; beyond this a request is refused at once with 429. */
    @WithDefault("256")
    @Min(0)
    int maxQueuedLlmCalls();

    /** Longest wait in that queue before a request is refused with 429. */
    @WithDefault("30s")
    Duration llmQueueWait();

    /** Circuit breaker of each backend. */
    Breaker breaker();

    /** Token budget of the article text in one LLM call; longer articles are split into chunks. */
    @WithDefault("6000")
    @Min(200)
    int chunkTokens();

    /**
     * Most model calls one article may take as planned — for each part, a first call and the repairs allowed, plus
     * one to write the headline of a long article. An article that would take more is refused (413) before any call.
     * Retries of failed calls come on top, at most {@code PRECIS_LLM_MAX_RETRIES} per call.
     */
    @WithDefault("24")
    @Min(1)
    int maxCallsPerArticle();

    /** Chunks of one article extracted at the same time. */
    @WithDefault("2")
    @Min(1)
    int chunkParallelism();

    /** The cache of model answers. */
    Cache cache();

    /** Longest time a client may take to send its request body; slower → 408 and the connection closed. */
    @WithDefault("30s")
    Duration bodyTimeout();

    /** Largest request body, in bytes; a larger one is refused with 413 before it is read. */
    @WithDefault("1048576")
    @Min(1024)
    @Max(33_554_432)
    long maxBodyBytes();

    /**
     * Memory, in bytes, that the requests under way may hold together; each request with a body is charged a fixed
     * part and a part proportional to its length before it is read, and one that does not fit is refused at once
     * with 429. Unset: 40 % of the maximum heap. At least 1 MiB: less could not hold one digest.
     */
    @Min(1_048_576)
    OptionalLong requestMemory();

    /**
     * A file of API keys, stored as SHA-256 hashes, one per line: {@code name hash [rpm=N] [tpm=N] [tpd=N]}.
     * Unset: the service runs open (development mode) and says so at startup.
     */
    Optional<Path> apiKeysFile();

    /** How often the API keys file is checked for changes (added or revoked keys); 0 checks on every request. */
    @WithDefault("10s")
    Duration apiKeysReload();

    /** Whether /q/openapi (and Swagger UI) need an API key (when keys are configured). */
    @WithDefault("false")
    boolean protectOpenapi();

    /** Whether Swagger UI is served at /q/swagger-ui (on by default in dev and test mode only). */
    @WithDefault("false")
    boolean swaggerUi();

    /** Default quotas of each API key; the keys file may set others per key. 0 means no limit. */
    Quota quota();

    /** Log article texts (debugging only: by default only their length and a hash are logged). */
    @WithDefault("false")
    boolean logArticleText();

    /** On SIGTERM, how long requests under way may take to finish before the service stops. */
    @WithDefault("30s")
    Duration shutdownGrace();

    /** Longest article accepted, in characters (UTF-16 code units); a longer one is answered 413. */
    @WithDefault("100000")
    @Min(1)
    int maxArticleChars();

    /** Extra LLM calls allowed to repair an invalid answer (0 disables repairs). */
    @WithDefault("2")
    @Min(0)
    int repairAttempts();

    /** A folder whose files override the packaged prompts of the same name (a mounted ConfigMap, say). */
    Optional<Path> promptsDir();

    /** Languages (ISO 639-1) the language detector chooses between; English is always added. */
    @WithDefault("fr,en,de,es,it,pt,nl,pl,ro,tr,ru,uk,ar,zh,ja")
    List<String> languages();

    /** Days a meeting date may lie from {@code publishedAt} before validation flags it. */
    @WithDefault("366")
    @Min(0)
    int dateWindowDays();

    interface Llm {

        /** The provider: openai (and OpenAI-compatible servers), anthropic, gemini, mistral or ollama (native API). */
        @WithDefault("ollama")
        String provider();

        /** Where the provider is reached; unset: the provider's own (http://localhost:11434 for Ollama). */
        Optional<String> baseUrl();

        /** The provider's API key; never logged. */
        Optional<String> apiKey();

        /** For openai: the header the key goes in when not "Authorization: Bearer" (Azure OpenAI: api-key). */
        Optional<String> apiKeyHeader();

        /** The model; unset: qwen2.5:7b for Ollama, required for the others. */
        Optional<String> model();

        /** Limit of one LLM call attempt: connecting, waiting and reading the whole answer. */
        @WithDefault("120s")
        Duration timeout();

        /** Retries of a failed call (429, 5xx, timeouts, connection errors) on the same backend. */
        @WithDefault("3")
        @Min(0)
        int maxRetries();

        /** First retry waits about this long; each further one about twice as long (with jitter). */
        @WithDefault("1s")
        Duration retryBaseDelay();

        /** Longest wait between two retries. */
        @WithDefault("30s")
        Duration retryMaxDelay();

        /** An optional second backend, of any provider, used when the first is failing. */
        Optional<Fallback> fallback();

        /** How the answer's shape is requested: json_schema (the default), json_object or prompt. */
        Optional<String> structuredOutput();

        /** For ollama: a fixed context window (num_ctx) instead of one sized from each request. */
        OptionalInt numCtx();

        /** Sampling temperature; 0 makes answers as repeatable as the backend allows. */
        @WithDefault("0")
        double temperature();

        /** Upper bound of tokens the model may write in one answer. */
        @WithDefault("4096")
        @Min(1)
        int maxOutputTokens();

    }

    /** A second backend, tried when the first is open or has used up its retries; the same settings as the first. */
    interface Fallback {

        /** Unset: ollama, like the primary's default. */
        Optional<String> provider();

        Optional<String> baseUrl();

        Optional<String> apiKey();

        Optional<String> apiKeyHeader();

        Optional<String> model();

        Optional<String> structuredOutput();

        OptionalInt numCtx();
    }

    interface Breaker {

        /** Consecutive failures (5xx, timeouts, connection errors) that open a backend's breaker. */
        @WithDefault("5")
        @Min(1)
        int failureThreshold();

        /** How long an open breaker refuses calls before it lets one probe through. */
        @WithDefault("30s")
        Duration openDuration();
    }

    interface Quota {

        /** Requests per minute. */
        @WithDefault("60")
        @Min(0)
        int requestsPerMinute();

        /** LLM tokens (input and output) per minute. */
        @WithDefault("200000")
        @Min(0)
        long tokensPerMinute();

        /** LLM tokens (input and output) per day (UTC). */
        @WithDefault("5000000")
        @Min(0)
        long tokensPerDay();
    }

    interface Cache {

        /** Model answers kept (0 turns the cache off). */
        @WithDefault("1000")
        @Min(0)
        int maxEntries();

        /** How long a model answer is kept. */
        @WithDefault("1h")
        Duration ttl();
    }

    /** State shared by every replica: quotas, answer cache and single flight. */
    Redis redis();

    interface Redis {

        /**
         * {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS. Unset: each process keeps
         * its own quotas, cache and single flight (one machine needs nothing more).
         */
        Optional<String> url();

        /** Longest wait for Redis on any one operation (connect, read, a free connection); then the request goes on without it. */
        @WithDefault("250ms")
        Duration timeout();

        /** Prefix of every key precis writes, so several deployments (or test runs) can share one Redis. */
        @WithDefault("precis:")
        String keyPrefix();

        /**
         * How long a replica computing an answer holds it before another replica may take over (renewed while it
         * works, so it only runs out when the replica dies).
         */
        @WithDefault("10s")
        Duration lease();

        /** Connections to Redis per replica. */
        @WithDefault("64")
        @Min(1)
        @Max(1024)
        int maxConnections();
    }


    /**
     * A folder of named glossaries, one {@code <name>.tsv} or {@code <name>.csv} file each (a mounted ConfigMap, say);
     * requests name one with {@code glossary}, a key's default comes from the keys file. Unset: no named glossaries.
     */
    Optional<Path> glossariesDir();

    /** How often the glossaries folder is checked for added, changed and deleted files; 0 checks on every request. */
    @WithDefault("10s")
    Duration glossariesReload();

    /** Glossary limits. */
    Glossary glossary();

    interface Glossary {
        /** Most entries a glossary file may hold; a larger file is not loaded (and says so in the log). */
        @WithDefault("100000")
        @Min(1)
        @Max(10_000_000)
        int maxEntries();

        /** Largest glossary file, in bytes; a larger file is not loaded (and says so in the log). */
        @WithDefault("33554432")
        @Min(1)
        @Max(1_073_741_824)
        long maxBytes();

        /** Most entries a request may give inline in {@code glossaryEntries}; more is refused with 413. */
        @WithDefault("500")
        @Min(0)
        @Max(10_000)
        int maxInlineEntries();
    }

    /** Batches: many articles submitted at once, worked on by every replica, kept in {@link #db()}. */
    Batch batch();

    interface Batch {
        /** Most items (articles) in one batch; a larger batch is refused with 413. */
        @WithDefault("50000")
        @Min(1)
        @Max(1_000_000)
        int maxItems();

        /**
         * Items one API key may have waiting or under way, all its batches together; a batch that would go beyond is
         * refused with 429 until enough of them have ended.
         */
        @WithDefault("200000")
        @Min(1)
        int maxPendingItemsPerKey();

        /** Largest batch body, in bytes; a larger one is refused with 413. At most 60 MiB. */
        @WithDefault("33554432")
        @Min(1024)
        @Max(62_914_560)
        long maxBytes();

        /**
         * Percent of {@code PRECIS_MAX_CONCURRENT_LLM_CALLS} that batch items may hold at once on a replica (at least
         * one call when above 0); they take a free slot only when no interactive request waits for one. 0: this
         * replica works on no batch item (it still accepts and serves batches).
         */
        @WithDefault("25")
        @Min(0)
        @Max(100)
        int share();

        /** How long a replica holds an item it works on before another may take it (renewed while it works). */
        @WithDefault("60s")
        Duration lease();

        /** Tries of an item that fails for a reason that may pass (backend unavailable, quota, timeout). */
        @WithDefault("5")
        @Min(1)
        @Max(100)
        int maxAttempts();

        /** Wait before the second try of an item (or callback); each further one twice as long, at most an hour. */
        @WithDefault("5s")
        Duration retryDelay();

        /** How long a finished batch and its results are kept. */
        @WithDefault("7d")
        Duration retention();
    }

    /** Where batches are kept. */
    Db db();

    interface Db {
        /**
         * A PostgreSQL database, {@code jdbc:postgresql://host[:port]/database}. Unset: an embedded database file in
         * {@code PRECIS_DATA_DIR} (one process; a fleet needs PostgreSQL).
         */
        Optional<String> url();

        /** The database user (PostgreSQL). */
        Optional<String> user();

        /** The database user's password (PostgreSQL); never logged. */
        Optional<String> password();

        /** Connections to the database per replica. */
        @WithDefault("8")
        @Min(2)
        @Max(200)
        int maxConnections();
    }

    /** The folder of the embedded database, used when {@code PRECIS_DB_URL} is unset. */
    @WithDefault("precis-data")
    Path dataDir();

    /** The POST sent to a batch's callbackUrl when it ends. */
    Callback callback();

    interface Callback {
        /**
         * Hosts a callbackUrl may name, comma-separated: exact names, or {@code *.example.org} for its subdomains;
         * without a port only the scheme's own (80, 443), with {@code :8089} that port, with {@code :*} any. Unset:
         * callbacks are refused.
         */
        Optional<List<String>> hosts();

        /** Secret from which each key's signing secret is derived (at least 32 characters). Unset: callbacks are refused. */
        Optional<String> secret();

        /** Longest time one callback POST may take. */
        @WithDefault("10s")
        Duration timeout();
    }
}
