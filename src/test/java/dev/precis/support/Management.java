package dev.precis.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The management port (health, metrics) of the application under test: a free port, found once it is running. */
public final class Management {

    private Management() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
