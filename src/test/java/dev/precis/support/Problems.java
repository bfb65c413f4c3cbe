package dev.precis.support;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.RestAssured;
import io.restassured.specification.ResponseSpecification;

/** What every error answer must look like: problem+json of a given status and type, with nothing internal in it. */
public final class Problems {

    private Problems() {
    }

    public static ResponseSpecification problem(int status, String type) {
        return RestAssured.expect()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:precis:problem:" + type))
                .body("status", equalTo(status))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("dev.precis")))
                .body("detail", not(containsString("localhost")))
                .body("detail", not(containsString(WireMockLlm.API_KEY)));
    }
}
