package dev.precis.batch;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says on {@code /q/health/ready} where batches are kept and whether that database answered last time it was used
 * ({@code database: up} or {@code down}), without ever failing readiness (interactive digests do not need it) and
 * without waiting on it: a probe never runs into the database's timeouts.
 */
@Readiness
@ApplicationScoped
public class BatchHealth implements HealthCheck {

    private final BatchDatabase database;

    BatchHealth(BatchDatabase database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = database.up();
        var response = HealthCheckResponse.named("batches").up().withData("database", up ? "up" : "down")
                .withData("at", database.where());
        if (!up) {
            response.withData("meanwhile", "batch requests answer 503; digests are not affected");
        }
        return response.build();
    }
}
