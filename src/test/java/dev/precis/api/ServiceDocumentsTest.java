package dev.precis.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class ServiceDocumentsTest {

    @Test
    void openApiDocumentDescribesTheDigestEndpointWithExamples() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/digests'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/digests'.post.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/digests'.post.responses.'502'", notNullValue())
                .body("components.schemas.Digest.properties.meetings", notNullValue())
                .body(containsString("urn:precis:problem:llm-timeout"));
    }
}
