package dev.precis.api;

import dev.precis.model.Problem;

/** Problem examples shown in the OpenAPI document; the digest example is added by {@link OpenApiDocument}. */
final class ApiExamples {

    private ApiExamples() {
    }

    static final String PROBLEM_INVALID_REQUEST = """
            {
              "type": "urn:precis:problem:invalid-request",
              "title": "The request is invalid",
              "status": 400,
              "detail": "Unknown field 'publishedDate'."
            }""";

    static final String PROBLEM_TOO_LONG = """
            {
              "type": "urn:precis:problem:article-too-long",
              "title": "The article is too long",
              "status": 413,
              "detail": "The article has 100001 characters; the limit is 100000."
            }""";

    static final String PROBLEM_UNSUPPORTED = """
            {
              "type": "urn:precis:problem:unsupported-media-type",
              "title": "Unsupported media type",
              "status": 415,
              "detail": "Send the article as application/json or text/plain."
            }""";

    static final String PROBLEM_INVALID_ANSWER = """
            {
              "type": "urn:precis:problem:llm-invalid-answer",
              "title": "The LLM gave no usable answer",
              "status": 502,
              "detail": "The model's answer could not be used after 3 call(s): $: the answer contains no JSON object."
            }""";

    static final String PROBLEM_UNAVAILABLE = """
            {
              "type": "urn:precis:problem:llm-unavailable",
              "title": "The LLM backend is unavailable",
              "status": 503,
              "detail": "The LLM backend could not be reached. Try again later."
            }""";

    static final String PROBLEM_TIMEOUT = """
            {
              "type": "urn:precis:problem:llm-timeout",
              "title": "The LLM backend did not answer in time",
              "status": 504,
              "detail": "The LLM backend did not answer within the configured timeout."
            }""";
}
