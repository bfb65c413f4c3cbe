package dev.precis.llm;

import dev.precis.llm.provider.ChatBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** What the LLM layer reports at /q/metrics. */
final class LlmMetrics {

    private final MeterRegistry registry;

    LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void watch(ChatBackend backend, CircuitBreaker breaker) {
        Gauge.builder("precis.llm.breaker.state", breaker, b -> b.state().ordinal())
                .tag("backend", backend.name())
                .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                .register(registry);
    }

    void watch(AdmissionControl admission) {
        Gauge.builder("precis.llm.in.flight", admission, AdmissionControl::inFlight)
                .description("LLM calls under way").register(registry);
        Gauge.builder("precis.llm.waiting", admission, AdmissionControl::waiting)
                .description("LLM calls waiting for a turn").register(registry);
    }

    /** One attempt, with how it ended ("ok" or a failure name). */
    void attempt(ChatBackend backend, String outcome, Duration took) {
        Timer.builder("precis.llm.call")
                .tag("backend", backend.name())
                .tag("outcome", outcome)
                .description("LLM call attempts and their latency")
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
    }

    void retry(ChatBackend backend) {
        counter("precis.llm.retries", "backend", backend.name()).increment();
    }

    void fallback() {
        counter("precis.llm.fallbacks", "to", "fallback").increment();
    }

    void shed() {
        counter("precis.llm.shed", "reason", "overload").increment();
    }

    void tokens(ChatBackend backend, LlmReply reply) {
        if (reply.inputTokens() != null) {
            counter("precis.llm.tokens", "backend", backend.name(), "direction", "input").increment(reply.inputTokens());
        }
        if (reply.outputTokens() != null) {
            counter("precis.llm.tokens", "backend", backend.name(), "direction", "output").increment(reply.outputTokens());
        }
        if (reply.cachedInputTokens() != null) {
            counter("precis.llm.tokens", "backend", backend.name(), "direction", "cached_input")
                    .increment(reply.cachedInputTokens());
        }
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }
}
