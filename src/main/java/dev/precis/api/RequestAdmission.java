package dev.precis.api;

import dev.precis.model.ProblemType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.config.PrecisConfig;
import dev.precis.deadline.Deadline;
import dev.precis.llm.AdmissionControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission at the door, before a request's body is read. By number: no more requests with a body under way than
 * LLM calls allowed at once and waiting ({@code PRECIS_MAX_CONCURRENT_LLM_CALLS} + {@code PRECIS_MAX_QUEUED_LLM_CALLS}).
 * By size: each is charged the memory it may hold while it is digested — a fixed part plus a part proportional to its
 * length — against one budget ({@code PRECIS_REQUEST_MEMORY}, by default 40 % of the heap). A request that does not fit is refused at once with
 * 429 and never read; its charge is returned when its response ends. So no mix of legitimate requests (many small
 * ones, a few maximum-size ones) can hold more than the budget, and an overload is told in microseconds rather than
 * after the queue it would have joined.
 *
 * <p>The charge comes from measurement (bench/run.sh, "worst mix"): a digest under way holds about 17 bytes of heap
 * per character of its article (text, folded copy with its offset maps, chunks and prompts), plus some 70 KB for
 * its thread, HTTP exchange and buffers.
 */
@ApplicationScoped
public class RequestAdmission {

    /** After the key check, header check and declared-size check: nothing refused earlier is charged. */
    private static final int PRIORITY = 850;
    /** When the request was admitted (System.nanoTime): its deadline runs from there, body upload included. */
    private static final String ADMITTED_AT = "precis.admitted-at";
    static final long FIXED_BYTES = 96 * 1024;
    static final long BYTES_PER_CHAR = 20;
    /** Below this, not even one article of ordinary length could be taken. */
    static final long MIN_BUDGET = 1024 * 1024;
    private static final Duration RETRY_AFTER = AdmissionControl.SHED_RETRY_AFTER;

    private final long budget;
    private final long maxArticleChars;
    private final long bodyTimeoutMillis;
    /** Requests with a body under way at most: as many as the LLM calls allowed at once and waiting. */
    private final int maxInProgress;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final ObjectMapper json;
    private final Counter refused;

    RequestAdmission(PrecisConfig config, ObjectMapper json, MeterRegistry registry) {
        this.budget = config.requestMemory().orElse(Runtime.getRuntime().maxMemory() * 2 / 5);
        if (budget < MIN_BUDGET) {
            throw new IllegalStateException("PRECIS_REQUEST_MEMORY=" + budget + " is too small to digest anything; "
                    + "give at least " + MIN_BUDGET + " bytes (e.g. 200000000), or leave it unset for 40 % of the heap");
        }
        this.maxArticleChars = config.maxArticleChars();
        this.bodyTimeoutMillis = Math.max(1, Math.min(config.bodyTimeout().toMillis(), config.requestDeadline().toMillis()));
        this.maxInProgress = config.maxConcurrentLlmCalls() + config.maxQueuedLlmCalls();
        this.json = json;
        Gauge.builder("precis.admission.memory.in.use", inUse, AtomicLong::get).baseUnit("bytes")
                .description("Memory charged to the requests under way").register(registry);
        Gauge.builder("precis.admission.memory.budget", () -> budget).baseUnit("bytes")
                .description("PRECIS_REQUEST_MEMORY: what requests under way may hold together").register(registry);
        this.refused = Counter.builder("precis.admission.refused").description("Requests refused at the door: the "
                + "memory budget was full").register(registry);
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    /** The request's deadline, counted from its admission. */
    static Deadline deadline(RoutingContext rc, Duration budget) {
        Long admitted = rc.get(ADMITTED_AT);
        return admitted == null ? Deadline.after(budget) : new Deadline(admitted + budget.toNanos());
    }

    private void filter(RoutingContext rc) {
        rc.put(ADMITTED_AT, System.nanoTime());
        long charge = chargeFor(rc.request().getHeader("Content-Length"), rc.request().getHeader("Transfer-Encoding"));
        if (charge == 0) {
            // No body: nothing to digest, nothing to charge.
            rc.next();
            return;
        }
        if (inProgress.incrementAndGet() > maxInProgress) {
            inProgress.decrementAndGet();
            refuse(rc, "Too many digests are under way. Try again in " + RETRY_AFTER.toSeconds() + " s.");
            return;
        }
        if (!tryTake(charge)) {
            inProgress.decrementAndGet();
            refuse(rc, "Too many articles are being digested at once to take this one (" + charge / 1024
                    + " KB of working memory). Try again in " + RETRY_AFTER.toSeconds() + " s.");
            return;
        }
        // A body sent a byte now and then would hold its place (and its memory) for as long as the client likes.
        long uploadTimer = rc.vertx().setTimer(bodyTimeoutMillis, fired -> {
            if (!rc.request().isEnded() && !rc.response().ended()) {
                Upload.expire(rc);
            }
        });
        rc.addEndHandler(ended -> {
            rc.vertx().cancelTimer(uploadTimer);
            inUse.addAndGet(-charge);
            inProgress.decrementAndGet();
        });
        rc.next();
    }

    private void refuse(RoutingContext rc, String detail) {
        refused.increment();
        HttpProblems.sendAndClose(rc, json, ProblemType.OVERLOADED.with(detail), RETRY_AFTER);
    }

    /** What a request may hold while digested, from the length it declares; 0 for a request without a body. */
    long chargeFor(String contentLength, String transferEncoding) {
        long chars;
        if (contentLength != null) {
            long declared = parse(contentLength);
            if (declared == 0) {
                return 0;
            }
            // A UTF-8 byte is at most one character; an article is at most maxArticleChars whatever its bytes.
            chars = declared < 0 ? maxArticleChars : Math.min(declared, maxArticleChars);
        } else if (transferEncoding != null) {
            chars = maxArticleChars;
        } else {
            return 0;
        }
        // One request larger than the whole budget is charged all of it: it is taken only when nothing else is.
        return Math.min(budget, FIXED_BYTES + BYTES_PER_CHAR * chars);
    }

    private boolean tryTake(long charge) {
        while (true) {
            long used = inUse.get();
            if (used + charge > budget) {
                return false;
            }
            if (inUse.compareAndSet(used, used + charge)) {
                return true;
            }
        }
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
