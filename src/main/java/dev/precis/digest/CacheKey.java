package dev.precis.digest;

import dev.precis.grounding.InvisibleCharacters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * Identifies a model answer: the article as the model sees it (normalised: NFC, invisible characters dropped,
 * whitespace runs collapsed — copies that differ only there get the same answer, regrounded in each one's own text),
 * the options that change the prompt, the prompt version and the model — and the API key's client: an answer is
 * shared only between the requests of one client, so that {@code usage.cached} never tells a client that another one
 * sent the same article.
 */
final class CacheKey {

    private CacheKey() {
    }

    static String of(DigestRequest request, String language, String promptVersion, String model) {
        return sha256(String.join("\u0000", normalized(request.text()), String.valueOf(request.title()),
                String.valueOf(request.publishedAt()), language, String.valueOf(request.includeTranslation()),
                promptVersion, model, request.client() == null ? "" : request.client().name()));
    }

    /** Identifies an article in logs without logging its text. */
    static String fingerprint(String text) {
        return sha256(text).substring(0, 12);
    }

    private static String normalized(String text) {
        String visible = InvisibleCharacters.strip(Normalizer.normalize(text, Normalizer.Form.NFC));
        return visible.replaceAll("[\\s\\u00A0\\u202F]+", " ").strip();
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
