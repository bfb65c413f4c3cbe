package dev.precis.api;

import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The happy path again, against the jar `mvn package` builds and `java -jar` starts. */
@QuarkusIntegrationTest
@QuarkusTestResource(WireMockLlm.class)
class PackagedJarIT extends DigestHappyPathTest {
}
