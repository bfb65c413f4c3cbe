package dev.precis.eval;

import dev.precis.digest.Digest;

/** What the pipeline made of one gold article: a digest, or the HTTP status its failure would have had. */
public record Prediction(GoldArticle article, Digest digest, Integer failureStatus, long latencyMs) {

    public boolean failed() {
        return digest == null;
    }
}
