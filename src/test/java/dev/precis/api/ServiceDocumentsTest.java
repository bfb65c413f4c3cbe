package dev.precis.api;

import dev.precis.model.Problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client reads to learn the API: the OpenAPI document, Swagger UI, and GET /v1/info. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class ServiceDocumentsTest {

    @Test
    void openApiDocumentDescribesTheDigestEndpointWithExamples() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/digests'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/digests'.post.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("components.schemas.Digest.properties.meetings", notNullValue());
    }

    @Test
    void everyErrorAClientCanMeetIsDeclaredWithItsProblemTypes() {
        JsonPath doc = openApi();
        Map<String, Object> post = doc.getMap("paths.'/v1/digests'.post.responses");
        assertThat(post).containsKeys("200", "400", "401", "406", "408", "413", "414", "415", "429", "431", "500", "502",
                "503", "504");
        String p = "paths.'/v1/digests'.post.responses.";
        assertThat(doc.getString(p + "'413'.description")).contains("urn:precis:problem:article-too-long",
                "urn:precis:problem:body-too-large", "urn:precis:problem:context-too-long");
        assertThat(doc.getString(p + "'429'.description")).contains("urn:precis:problem:overloaded",
                "urn:precis:problem:quota-exceeded");
        assertThat(doc.getString(p + "'401'.description")).contains("urn:precis:problem:unauthorized");
        assertThat(doc.getString(p + "'504'.description")).contains("urn:precis:problem:llm-timeout",
                "urn:precis:problem:deadline-exceeded");
        assertThat(doc.getMap(p + "'503'.headers")).containsKey("Retry-After");
        assertThat(doc.getMap(p + "'429'.headers")).containsKey("Retry-After");
        assertThat(doc.getMap(p + "'401'.content")).containsKey("application/problem+json");
        assertThat(doc.getMap("paths.'/v1/backends'.get.responses")).containsKeys("200", "401", "429")
                .doesNotContainKeys("413", "502");
    }

    @Test
    void theApiKeyIsDeclaredAsASecuritySchemeOnEveryV1Operation() {
        JsonPath doc = openApi();
        assertThat(doc.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(doc.getString("components.securitySchemes.apiKeyHeader.name")).isEqualTo("X-API-Key");
        assertThat(doc.getString("components.securitySchemes.apiKeyHeader.in")).isEqualTo("header");
        for (String operation : List.of("'/v1/digests'.post", "'/v1/backends'.get", "'/v1/info'.get")) {
            assertThat(doc.getList("paths." + operation + ".security")).as(operation).hasSize(2);
        }
    }

    @Test
    void theValuesOfKindAndStatusAreListedAsTheModelIsAskedForThem() throws Exception {
        JsonPath doc = openApi();
        JsonNode schema = new ObjectMapper().readTree(Path.of("prompts/extraction-schema.json").toFile())
                .at("/properties/meetings/items/properties");
        List<String> kinds = new ObjectMapper().convertValue(schema.at("/kind/enum"), List.class);
        List<String> statuses = new ObjectMapper().convertValue(schema.at("/status/enum"), List.class);
        assertThat(doc.getList("components.schemas.Meeting.properties.kind.enum")).isEqualTo(kinds);
        assertThat(doc.getList("components.schemas.Meeting.properties.status.enum")).isEqualTo(statuses);
        assertThat(doc.getList("components.schemas.Validation.properties.status.enum"))
                .containsExactly("passed", "warnings");
        assertThat(doc.getList("components.schemas.Issue.properties.code.enum", String.class))
                .contains("grounding.evidence_not_found", "schema.invalid_value");
        assertThat(doc.getList("components.schemas.Problem.properties.type.enum", String.class))
                .contains("urn:precis:problem:llm-timeout", "urn:precis:problem:unauthorized");
    }

    @Test
    void swaggerUiShowsTheDocumentUnderAPolicyThatLetsItRun() {
        given().redirects().follow(false).when().get("/q/swagger-ui/").then().statusCode(200)
                .body(containsString("swagger-ui-bundle.js"))
                .header("Content-Security-Policy", containsString("script-src 'self' 'unsafe-inline'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", "DENY");
        given().when().get("/q/swagger-ui/swagger-ui-bundle.js").then().statusCode(200);
        // The rest of the service keeps the strict policy.
        given().when().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self';"));
    }

    @Test
    void infoSaysWhatIsLive() {
        given().when().get("/v1/info").then().statusCode(200)
                .body("service", equalTo("precis"))
                .body("version", notNullValue())
                .body("commit", notNullValue())
                .body("backends[0].name", equalTo("primary"))
                .body("backends[0].provider", equalTo("openai"))
                .body("backends[0].model", equalTo(WireMockLlm.MODEL))
                .body("backends[0].structuredOutput", equalTo("json_schema"))
                .body("promptVersion", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{12}"))
                .body("limits.maxArticleChars", equalTo(100_000))
                .body("limits.languages", hasItems("fr", "de"))
                .body(org.hamcrest.Matchers.not(containsString("localhost")))
                .body(org.hamcrest.Matchers.not(containsString("apiKey")));
    }

    private static JsonPath openApi() {
        return given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }
}
