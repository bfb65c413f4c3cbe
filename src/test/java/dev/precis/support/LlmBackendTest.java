package dev.precis.support;

import org.junit.jupiter.api.BeforeEach;

/** Base of the HTTP tests: a scripted LLM backend, emptied of stubs and recorded requests before each test. */
public abstract class LlmBackendTest {

    @InjectLlmBackend
    protected LlmBackend backend;

    @BeforeEach
    void resetBackend() {
        backend.reset();
    }
}
