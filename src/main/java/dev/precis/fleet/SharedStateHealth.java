package dev.precis.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says on {@code /q/health/ready} whether the fleet's shared state is in use — {@code redis: up}, {@code down} (with
 * why) or {@code off} — without ever failing readiness: a replica without Redis still answers every request.
 */
@Readiness
@ApplicationScoped
public class SharedStateHealth implements HealthCheck {

    private final RedisLink link;

    SharedStateHealth(RedisLink link) {
        this.link = link;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("shared-state").up()
                .withData("redis", link.state().name().toLowerCase(java.util.Locale.ROOT));
        if (link.enabled()) {
            response.withData("at", link.where());
        }
        if (link.state() == RedisLink.State.DOWN) {
            response.withData("problem", link.problem())
                    .withData("meanwhile", "quotas per replica; answer cache and single flight within each replica");
        }
        return response.build();
    }
}
