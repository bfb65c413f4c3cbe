package dev.precis.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lines of an API keys file as an operator writes them: a name, the SHA-256 of the key, optional quotas. */
public final class KeyLines {

    private KeyLines() {
    }

    public static String line(String name, String key, String quotas) {
        return name + "  sha256:" + sha256(key) + "  " + quotas;
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
