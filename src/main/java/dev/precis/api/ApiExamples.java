package dev.precis.api;

/**
 * Examples shown in the OpenAPI document. The digest is real output of the service for the request example,
 * with a backend answering as a model would.
 */
final class ApiExamples {

    private ApiExamples() {
    }

    static final String REQUEST = """
            {
              "text": "Rabat, 10 mars 2026 (AFP) – Le directeur général de la sécurité extérieure, Marc Delorme, s’est rendu mardi à Rabat, où il a été reçu par son homologue marocain, Karim Benali, chef de la Direction générale des études et de la documentation (DGED).\\n\\nSelon un communiqué publié à l’issue de la rencontre, les deux responsables ont évoqué « la menace terroriste au Sahel » ainsi que la coopération entre leurs services dans la lutte contre les trafics.\\n\\nM. Delorme, nommé à la tête de la DGSE en 2024, effectuait sa première visite officielle au Maroc. Karim Benali l’a remercié pour « la qualité des échanges ».\\n",
              "publishedAt": "2026-03-10"
            }""";

    static final String DIGEST = """
            {
              "sourceLanguage": "fr",
              "headline": "French foreign intelligence chief visits his Moroccan counterpart in Rabat",
              "summary": "Marc Delorme, head of France's DGSE, visited Rabat on Tuesday and met his Moroccan counterpart Karim Benali. They discussed the terrorist threat in the Sahel and cooperation between their services against trafficking.",
              "translation": null,
              "meetings": [
                {
                  "kind": "visit",
                  "status": "held",
                  "participants": [
                    {
                      "name": "Marc Delorme",
                      "role": "Director-General for External Security",
                      "organization": "DGSE",
                      "country": "France",
                      "grounded": true,
                      "mentions": [
                        {
                          "text": "Marc Delorme",
                          "start": 76,
                          "end": 88
                        },
                        {
                          "text": "M. Delorme",
                          "start": 451,
                          "end": 461
                        }
                      ]
                    },
                    {
                      "name": "Karim Benali",
                      "role": "Head of the General Directorate for Studies and Documentation",
                      "organization": "DGED",
                      "country": "Morocco",
                      "grounded": true,
                      "mentions": [
                        {
                          "text": "Karim Benali",
                          "start": 162,
                          "end": 174
                        },
                        {
                          "text": "Karim Benali",
                          "start": 550,
                          "end": 562
                        }
                      ]
                    }
                  ],
                  "location": {
                    "name": "Rabat",
                    "country": "Morocco",
                    "grounded": true,
                    "mentions": [
                      {
                        "text": "Rabat",
                        "start": 0,
                        "end": 5
                      },
                      {
                        "text": "Rabat",
                        "start": 110,
                        "end": 115
                      }
                    ]
                  },
                  "date": {
                    "iso": "2026-03-10",
                    "grounded": true,
                    "mentions": [
                      {
                        "text": "mardi",
                        "start": 102,
                        "end": 107
                      }
                    ]
                  },
                  "purpose": "To discuss the terrorist threat in the Sahel and cooperation between their services against trafficking.",
                  "evidence": [
                    {
                      "text": "Marc Delorme, s’est rendu mardi à Rabat, où il a été reçu par son homologue marocain, Karim Benali",
                      "start": 76,
                      "end": 174,
                      "grounded": true
                    }
                  ]
                }
              ],
              "validation": {
                "status": "passed",
                "issues": []
              },
              "usage": {
                "model": "qwen2.5:7b",
                "promptVersion": "d473268bb7f4",
                "llmCalls": 1,
                "inputTokens": 1093,
                "outputTokens": 412,
                "latencyMs": 313
              }
            }""";

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
              "detail": "The model's answer could not be used after 3 call(s): the answer is not valid JSON (it may be cut short)."
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
