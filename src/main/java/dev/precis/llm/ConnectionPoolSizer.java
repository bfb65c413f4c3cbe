package dev.precis.llm;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;

/**
 * Sizes the connection pool of the REST client that talks to the LLM backend. The extension builds that client in
 * code with a fixed pool of 50 connections, which would silently cap concurrent LLM calls (the 51st waits, and the
 * wait counts against the call's timeout). Registered as a service (META-INF/services), not a CDI bean, because
 * REST client listeners are loaded with ServiceLoader.
 */
public class ConnectionPoolSizer implements RestClientListener {

    static final String POOL_SIZE_PROPERTY = "io.quarkus.rest.client.connection-pool-size";

    @Override
    public void onNewClient(Class<?> serviceInterface, RestClientBuilder builder) {
        int size = ConfigProvider.getConfig().getValue("precis.llm.connection-pool-size", Integer.class);
        builder.property(POOL_SIZE_PROPERTY, size);
    }
}
