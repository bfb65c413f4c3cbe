package dev.precis.api.providers;

import dev.precis.support.ProviderDoubleResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The service end to end with PRECIS_LLM_PROVIDER=anthropic. */
@QuarkusTest
@QuarkusTestResource(value = ProviderDoubleResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "provider", value = "anthropic"))
class AnthropicEndToEndTest extends ProviderEndToEnd {
}
