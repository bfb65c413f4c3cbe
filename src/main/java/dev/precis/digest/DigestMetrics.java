package dev.precis.digest;

import dev.precis.model.Digest;
import dev.precis.model.Issue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** What the pipeline reports at /q/metrics: digests by validation status, validation issues by code. */
@ApplicationScoped
public class DigestMetrics {

    private final MeterRegistry registry;

    DigestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void digested(Digest digest) {
        Counter.builder("precis.digests").tag("validation", digest.validation().status())
                .tag("cached", String.valueOf(digest.usage().cached()))
                .description("Digests returned").register(registry).increment();
        for (Issue issue : digest.validation().issues()) {
            Counter.builder("precis.validation.issues").tag("code", issue.code())
                    .description("Validation issues in returned digests").register(registry).increment();
        }
    }
}
