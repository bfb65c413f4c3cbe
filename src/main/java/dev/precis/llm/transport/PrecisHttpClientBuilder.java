package dev.precis.llm.transport;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Clock;
import java.time.Duration;

/**
 * Handed to every chat model builder. It remembers whether the model took it: a provider module that built its own
 * client instead would bypass our deadline and cancellation, and the backend refuses to start with it.
 */
public final class PrecisHttpClientBuilder implements HttpClientBuilder {

    private final PrecisHttpClient client;
    private Duration connectTimeout;
    private Duration readTimeout;
    private boolean built;

    public PrecisHttpClientBuilder(java.net.http.HttpClient http) {
        this.client = new PrecisHttpClient(http, Clock.systemUTC());
    }

    /** Kept only because the interface asks: the time limit is our per-attempt budget. */
    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        built = true;
        return client;
    }

    /** Whether a chat model built its client from this builder. */
    public boolean used() {
        return built;
    }
}
