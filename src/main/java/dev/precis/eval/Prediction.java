package dev.precis.eval;

import dev.precis.model.Digest;

/**
 * What the pipeline made of one gold article: a digest, or the HTTP status its failure would have had and whether the
 * failure was the model's (no usable answer after repairs) rather than the backend's or ours.
 */
public record Prediction(GoldArticle article, Digest digest, Integer failureStatus, boolean modelsFault, long latencyMs) {

    public boolean failed() {
        return digest == null;
    }
}
