package dev.precis.api.providers;

import dev.precis.support.ProviderDoubleResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The service end to end with PRECIS_LLM_PROVIDER=anthropic and PRECIS_LLM_FALLBACK_PROVIDER=gemini. */
@QuarkusTest
@QuarkusTestResource(value = ProviderDoubleResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "provider", value = "anthropic"), @ResourceArg(name = "fallback", value = "gemini")})
class AnthropicThenGeminiEndToEndTest extends ProviderEndToEnd {
}
