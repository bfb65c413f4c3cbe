package dev.precis.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.LlmBackendTest;
import dev.precis.support.RawHttp;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Deny by default: every route the application serves — read from the application itself (its HTTP router and its
 * OpenAPI document), so a route added later is covered without editing this test — under every spelling of its path
 * a client could send, with every method, is refused without a key. Only the explicit open list answers.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(KeysProfile.class)
class RouteProtectionTest extends LlmBackendTest {

    /** What the service lets through without a key: the page, the OpenAPI document and Swagger UI's files. */
    private static final Set<String> OPEN = Set.of("/", "/index.html", "/app.css", "/app.js", "/q/openapi",
            "/q/swagger-ui", "/q/swagger-ui/", "/q/swagger-ui/index.html", "/q/swagger-ui/swagger-ui-bundle.js");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");

    @Inject
    Router router;

    @Test
    void noRouteUnderAnySpellingIsReachableWithoutAKey() {
        backend.answers(TestTexts.answer("no-meeting"));
        Set<String> routes = servedRoutes();
        assertThat(routes).as("routes read from the application").contains("/v1/digests", "/v1/backends",
                "/v1/info", "/q/openapi", "/q/swagger-ui/");

        List<String> reachable = new ArrayList<>();
        int tried = 0;
        for (String route : routes) {
            if (OPEN.contains(route)) {
                continue;
            }
            for (String path : variants(route)) {
                for (String method : METHODS) {
                    tried++;
                    RawHttp.Response response = send(method, path);
                    if (response.status() != 401) {
                        reachable.add(method + " " + path + " -> " + response.status());
                    }
                }
            }
        }
        assertThat(reachable).as("answered without a key, out of %d requests", tried).isEmpty();
        assertThat(backend.requestCount()).as("calls that reached the LLM").isZero();
    }

    @Test
    void theOpenListAnswersWithoutAKey() {
        for (String path : OPEN) {
            assertThat(send("GET", path).status()).as(path).isIn(200, 302);
        }
    }

    @Test
    void theOpenListIsOpenToReadingOnly() {
        for (String path : OPEN) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
                assertThat(send(method, path).status()).as(method + " " + path).isEqualTo(401);
            }
        }
    }

    @Test
    void aKeyOpensTheSameRoutesUnderTheirOtherSpellingsAndEachIsCountedAgainstItsQuota() {
        backend.answers(TestTexts.answer("no-meeting"));
        String body = "{\"text\": \"" + TestTexts.article("no-meeting").replace("\"", "\\\"").replace("\n", "\\n") + "\"}";
        Map<String, String> headers = Map.of("Authorization", "Bearer " + KeysProfile.SPELLINGS_KEY,
                "Content-Type", "application/json");
        // "spellings" may make two requests a minute, however the path is spelled.
        assertThat(RawHttp.exchange(RestAssured.port, "POST", "/v1;x/digests", headers,
                body.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(RawHttp.exchange(RestAssured.port, "GET", "/v1;jsessionid=abc/backends", headers, null).status())
                .isEqualTo(200);
        assertThat(RawHttp.exchange(RestAssured.port, "POST", "/v1/digests;x", headers,
                body.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(429);
        assertThat(backend.chatRequests()).hasSize(1);
    }

    private static RawHttp.Response send(String method, String path) {
        byte[] body = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method)
                ? "{\"text\": \"Le ministre a reçu son homologue.\"}".getBytes(StandardCharsets.UTF_8)
                : null;
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        return RawHttp.exchange(RestAssured.port, method, path, headers, body);
    }

    /** Paths of the router's routes and of the OpenAPI document, path parameters filled in. */
    private Set<String> servedRoutes() {
        Set<String> routes = new TreeSet<>();
        collect(router, "", routes);
        JsonPath openapi = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> paths = openapi.getMap("paths");
        routes.addAll(paths.keySet());
        routes.addAll(OPEN);
        Set<String> filled = new TreeSet<>();
        for (String route : routes) {
            filled.add(route.replaceAll("\\{[^}]*}", "x").replaceAll(":[A-Za-z]+", "x").replace("*", "x"));
        }
        return filled;
    }

    /** Route paths of a router and of the routers mounted in it ("/q/" holds health, metrics, OpenAPI...). */
    private static void collect(Router router, String mount, Set<String> paths) {
        for (Route route : router.getRoutes()) {
            String path = route.getPath() == null ? null : (mount + route.getPath()).replace("//", "/");
            if (route.getSubRouter() != null) {
                collect(route.getSubRouter(), path == null ? mount : path, paths);
            } else if (path != null) {
                paths.add(path);
            }
        }
    }

    /** The spellings of one path a router may take for it: matrix parameters, encodings, extra and dot segments, case. */
    static Set<String> variants(String path) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(path);
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            for (String matrix : List.of(";x", ";", ";jsessionid=abc")) {
                variants.add(withSegment(segments, i, segments[i] + matrix));
            }
            if (!segments[i].isEmpty()) {
                variants.add(withSegment(segments, i, "%" + Integer.toHexString(segments[i].charAt(0)) + segments[i].substring(1)));
                variants.add(withSegment(segments, i, segments[i].toUpperCase()));
            }
        }
        variants.add(path + "/");
        variants.add("/" + path);
        variants.add(path.replace("/", "//"));
        variants.add("/." + path);
        variants.add("/x/.." + path);
        variants.add("/%2e" + path);
        variants.add("/x/%2e%2e" + path);
        variants.add("/q/health/../.." + path);
        variants.add("/q/health;x/../.." + path);
        variants.add("/index.html/.." + path);
        variants.add(path.replaceFirst("/([^/]*)$", "%2F$1"));
        variants.add(path.toUpperCase());
        variants.add(path + "%00");
        variants.add(path + "?format=json");
        return variants;
    }

    private static String withSegment(String[] segments, int index, String replacement) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            path.append('/').append(i == index ? replacement : segments[i]);
        }
        return path.toString();
    }
}
