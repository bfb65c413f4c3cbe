package dev.precis.digest;

import dev.precis.grounding.InvisibleCharacters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * Identifies a model answer: the article as the model sees it (normalised: NFC, invisible characters dropped,
 * runs of white space of any kind collapsed — copies that differ only there get the same answer, regrounded in each one's own text),
 * the options that change the prompt (the glossary entries it carries among them), the prompt version and the model —
 * and the API key's client: an answer is
 * shared only between the requests of one client, so that {@code usage.cached} never tells a client that another one
 * sent the same article.
 */
final class CacheKey {

    private CacheKey() {
    }

    static String of(DigestRequest request, String language, String promptVersion, String model) {
        return of(request, language, promptVersion, model, "");
    }

    /** @param glossary the glossary block the prompt carries: entries given to the model change its answer */
    static String of(DigestRequest request, String language, String promptVersion, String model, String glossary) {
        return sha256(String.join("\u0000", normalized(request.text()), optional(request.title()),
                optional(request.publishedAt()), language, String.valueOf(request.includeTranslation()),
                promptVersion, model, request.client() == null ? "" : request.client().name(), glossary));
    }

    /** A value given and a value absent never look alike: the title "null" is not the absence of a title. */
    private static String optional(Object value) {
        return value == null ? "-" : "+" + value;
    }

    /** Identifies an article in logs without logging its text. */
    static String fingerprint(String text) {
        return sha256(text).substring(0, 12);
    }

    /** One pass: invisible characters dropped, each run of white space one space, none at either end. */
    static String normalized(String text) {
        String nfc = Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length(); ) {
            int codePoint = nfc.codePointAt(i);
            i += Character.charCount(codePoint);
            if (InvisibleCharacters.isInvisible(codePoint)) {
                continue;
            }
            if (isSpace(codePoint) || InvisibleCharacters.isBlankLetter(codePoint)) {
                pendingSpace = !out.isEmpty();
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString();
    }

    /** White space of every kind: ASCII, the no-break spaces, the ideographic space, line and paragraph separators. */
    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
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
