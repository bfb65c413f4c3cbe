package dev.precis.fleet;

import dev.precis.config.PrecisConfig;
import dev.precis.config.RedisUrl;
import dev.precis.llm.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one connection pool to Redis ({@code PRECIS_REDIS_URL}), and its breaker. Every operation is bounded by
 * {@code PRECIS_REDIS_TIMEOUT} as a whole (connect, wait for a free connection, and the complete answer, however
 * slowly it comes; {@link GuardedSockets}); when one fails — Redis unreachable, too slow, refusing (a wrong password,
 * out of memory), or answering in a form precis does not read — Redis is taken as down: operations are not tried for a second, then one probe at a time is, and a timer
 * pings it every second until it answers. Callers get {@link SharedStateUnavailable} at once while it is down and go on
 * without shared state. Each change of state is one WARN line and the gauge {@code precis.redis.up}.
 */
@ApplicationScoped
public class RedisLink {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final RedisScript PROBE = RedisScript.load("step.lua");

    /** What the link is: off (no URL set), up, or down (precis runs without shared state). */
    public enum State {
        OFF, UP, DOWN
    }

    /** The pool; replaced when Redis answered in a form precis does not read (its connections may hold the rest). */
    private final java.util.concurrent.atomic.AtomicReference<JedisPooled> client = new java.util.concurrent.atomic.AtomicReference<>();
    private final Optional<RedisUrl> url;
    private final Duration timeout;
    private final int maxConnections;
    private final String where;
    private final String prefix;
    private final List<Runnable> whileUp = new CopyOnWriteArrayList<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private final Counter unreachable;
    private final Counter refused;
    private final Counter malformed;
    private final long timeoutNanos;
    private volatile boolean down;
    private volatile long retryAt;
    private volatile String lastProblem = "";

    @Inject
    RedisLink(PrecisConfig config, MeterRegistry registry) {
        this(config.redis().url().map(RedisUrl::parse), config.redis().timeout(), config.redis().maxConnections(),
                config.redis().keyPrefix(), registry);
    }

    public RedisLink(Optional<RedisUrl> url, Duration timeout, int maxConnections, String prefix, MeterRegistry registry) {
        this.prefix = prefix;
        this.where = url.map(RedisUrl::safe).orElse("");
        this.url = url;
        this.timeout = timeout;
        this.maxConnections = maxConnections;
        url.ifPresent(address -> client.set(connect(address, timeout, maxConnections)));
        this.unreachable = Counter.builder("precis.redis.failures").tag("kind", "unreachable")
                .description("Redis operations that failed: Redis could not be reached or answered too late")
                .register(registry);
        this.refused = Counter.builder("precis.redis.failures").tag("kind", "refused")
                .description("Redis operations that failed: Redis answered with an error").register(registry);
        this.malformed = Counter.builder("precis.redis.failures").tag("kind", "malformed")
                .description("Redis operations that failed: Redis answered in a form precis does not read")
                .register(registry);
        this.timeoutNanos = Math.max(1, timeout.toNanos());
        Gauge.builder("precis.redis.up", this, link -> link.state() == State.UP ? 1 : 0)
                .description("1 while shared state in Redis is in use, 0 when Redis is down or not configured")
                .register(registry);
        if (url.isPresent()) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "precis-redis-timer");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    private static JedisPooled connect(RedisUrl url, Duration timeout, int maxConnections) {
        int millis = (int) Math.max(1, timeout.toMillis());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).database(url.database())
                .clientName("precis");
        url.user().ifPresent(config::user);
        url.password().ifPresent(config::password);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(millis));
        pool.setTestOnBorrow(false);
        return new JedisPooled(pool, new GuardedSockets(url.host(), url.port(), millis, url.tls()), config.build());
    }

    public boolean enabled() {
        return url.isPresent();
    }

    public State state() {
        return url.isEmpty() ? State.OFF : down ? State.DOWN : State.UP;
    }

    /** Where Redis is, without credentials; empty when off. */
    public String where() {
        return where;
    }

    /** Why Redis was last taken as down; empty while up. */
    public String problem() {
        return down ? lastProblem : "";
    }

    /** The key precis writes for {@code name}: the configured prefix, then the name. */
    public String key(String name) {
        return prefix + name;
    }

    /** Runs {@code work} about every second while Redis is up (what was kept while it was down is handed over). */
    public void whileUp(Runnable work) {
        whileUp.add(work);
    }

    /**
     * Runs one operation on Redis.
     *
     * @throws SharedStateUnavailable when shared state is off, Redis is down, or the operation failed
     */
    public <T> T call(Function<JedisPooled, T> operation) {
        JedisPooled redis = client.get();
        if (redis == null) {
            throw new SharedStateUnavailable("no PRECIS_REDIS_URL");
        }
        boolean probe = false;
        if (down) {
            if (System.nanoTime() - retryAt < 0 || !probing.compareAndSet(false, true)) {
                throw new SharedStateUnavailable("Redis is down");
            }
            probe = true;
        }
        GuardedSockets.CURRENT.set(new GuardedSockets.Budget(timeoutNanos));
        try {
            T result = operation.apply(redis);
            if (down) {
                markUp();
            }
            return result;
        } catch (JedisException e) {
            // unreachable, too slow, or refusing (a wrong password, out of memory): shared state is not usable
            boolean answered = e instanceof redis.clients.jedis.exceptions.JedisDataException;
            (answered ? refused : unreachable).increment();
            markDown(answered ? "refused: " + describe(e) : describe(e));
            throw new SharedStateUnavailable("Redis " + (answered ? "refused" : "unreachable") + ": "
                    + LogText.printable(String.valueOf(e.getMessage())));
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // an answer of a shape no script of ours gives, announcing an impossible size, or nested beyond reason:
            // not a Redis to trust, and the connection may still hold the rest of it — every connection is dropped
            malformed.increment();
            markDown("answered in a form precis does not read (" + e.getClass().getSimpleName() + ")");
            JedisPooled fresh = connect(url.orElseThrow(), timeout, maxConnections);
            JedisPooled old = client.getAndSet(fresh);
            if (old != null) {
                old.close();
            }
            throw new SharedStateUnavailable("Redis answered in a form precis does not read");
        } finally {
            GuardedSockets.CURRENT.remove();
            if (probe) {
                probing.set(false);
            }
        }
    }

    /** Tries Redis once now, in the background (at startup: a wrong address or password is said at once). */
    public void checkNow() {
        if (timer != null) {
            timer.execute(() -> {
                try {
                    probe();
                } catch (SharedStateUnavailable e) {
                    // said by the WARN line of the change
                }
            });
        }
    }

    private void tick() {
        try {
            if (down) {
                // a write: a Redis that answers PING but refuses writes (out of memory, read-only) is still down
                probe();
            }
            if (!down) {
                for (Runnable work : whileUp) {
                    work.run();
                }
            }
        } catch (SharedStateUnavailable e) {
            // still down: the next tick tries again
        } catch (Throwable e) {
            // never let the timer die: it is what brings Redis back and hands the counts over
            LOG.warnf("shared state: background work failed: %s", LogText.printable(String.valueOf(e)));
        }
    }

    /**
     * What a request would do: a write (a Redis that answers PING but refuses writes is still down) and a script,
     * whose answer must have the shape the script gives (a Redis that garbles scripts is still down).
     */
    private void probe() {
        call(jedis -> {
            jedis.set(key("probe"), "1", SetParams.setParams().px(5_000));
            // a step of single flight on a probe key: {2} (lead) or {3} (wait), nothing else
            List<?> step = (List<?>) PROBE.run(jedis, List.of(key("probe-answer"), key("probe-lease")),
                    List.of("probe", "5000"));
            long kind = (Long) step.get(0);
            if (kind != 2 && kind != 3) {
                throw new IllegalStateException("probe step " + kind);
            }
            return kind;
        });
    }

    private synchronized void markDown(String problem) {
        retryAt = System.nanoTime() + RETRY_NANOS;
        if (!down) {
            down = true;
            lastProblem = LogText.printable(problem);
            LOG.warnf("Redis at %s is unreachable (%s): quotas are now enforced by each replica on its own, the shared "
                    + "answer cache and cross-replica single flight are skipped until it is back", where, lastProblem);
        }
    }

    private synchronized void markUp() {
        if (down) {
            down = false;
            LOG.warnf("Redis at %s is reachable again: quotas, answer cache and single flight are shared again", where);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    @PreDestroy
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        JedisPooled pool = client.getAndSet(null);
        if (pool != null) {
            pool.close();
        }
    }
}
