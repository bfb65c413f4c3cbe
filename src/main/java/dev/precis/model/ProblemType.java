package dev.precis.model;

/** The problem types this API answers with: their stable URIs, titles and statuses. */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "The request is invalid", 400),
    CALLBACK_FORBIDDEN("callback-forbidden", "The callback URL is not allowed", 400),
    UNKNOWN_GLOSSARY("unknown-glossary", "No such glossary", 400),
    UNAUTHORIZED("unauthorized", "An API key is required", 401),
    NOT_FOUND("not-found", "No such resource", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Cannot produce an acceptable media type", 406),
    REQUEST_TIMEOUT("request-timeout", "The request body did not arrive in time", 408),
    IDEMPOTENCY_CONFLICT("idempotency-conflict", "The Idempotency-Key was used for another batch", 409),
    ARTICLE_TOO_LONG("article-too-long", "The article is too long", 413),
    BODY_TOO_LARGE("body-too-large", "The request body is too large", 413),
    BATCH_TOO_LARGE("batch-too-large", "The batch is too large", 413),
    GLOSSARY_TOO_LARGE("glossary-too-large", "The request's glossary is too large", 413),
    CONTEXT_TOO_LONG("context-too-long", "The article does not fit the model's context window", 413),
    URI_TOO_LONG("uri-too-long", "The request target is too long", 414),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    OVERLOADED("overloaded", "Too many requests under way", 429),
    QUOTA_EXCEEDED("quota-exceeded", "Quota exceeded", 429),
    HEADERS_TOO_LARGE("headers-too-large", "The request headers are too large", 431),
    INTERNAL_ERROR("internal-error", "Internal error", 500),
    LLM_INVALID_ANSWER("llm-invalid-answer", "The LLM gave no usable answer", 502),
    LLM_REJECTED("llm-rejected", "The LLM backend refused the request", 502),
    LLM_UNAVAILABLE("llm-unavailable", "The LLM backend is unavailable", 503),
    BATCHES_UNAVAILABLE("batches-unavailable", "Batches are unavailable", 503),
    LLM_TIMEOUT("llm-timeout", "The LLM backend did not answer in time", 504),
    DEADLINE_EXCEEDED("deadline-exceeded", "The request deadline ran out", 504);

    private static final String BASE = "urn:precis:problem:";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return BASE + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    public Problem with(String detail) {
        return new Problem(uri(), title, status, detail);
    }

    public static ProblemType forHttpStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> BODY_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HEADERS_TOO_LARGE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
