package dev.precis.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The answer cache on (the other profiles keep it off) and articles cut into parts of 2,000 tokens: the settings of
 * the cache's tests and the long-article test, which do not meet (the cache's articles are short, the long article is
 * sent once), in one application start.
 */
public class CacheAndSmallChunks implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("precis.cache.max-entries", "100", "precis.cache.ttl", "10m", "precis.chunk-tokens", "2000");
    }
}
