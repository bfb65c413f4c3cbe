package dev.precis.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The service with API keys on: a keys file written for the test (hashes only), re-read on every request so a
 * revocation shows at once. "desk" has generous quotas; "tight" two requests a minute; "thrifty" 300 tokens a minute.
 */
public class KeysProfile implements QuarkusTestProfile {

    public static final String DESK_KEY = "pk-desk-7c2e91d04b5a";
    public static final String TIGHT_KEY = "pk-tight-0f3a6b88c1d2";
    public static final String THRIFTY_KEY = "pk-thrifty-5e9d2c7a1b40";
    public static final String REVOCABLE_KEY = "pk-intern-2b8f4e6a9c13";
    /** Two requests a minute, for RouteProtectionTest alone (quotas are per key and the app is shared by profile). */
    public static final String SPELLINGS_KEY = "pk-spellings-9d1e0c4b7a26";
    static final Path FILE = keysFile();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("precis.api-keys-file", FILE.toString(), "precis.api-keys-reload", "0s");
    }

    /** Rewrites the file without the revocable key. */
    static void revokeIntern() {
        write(List.of(line("desk", DESK_KEY, ""), line("tight", TIGHT_KEY, "rpm=2"),
                line("thrifty", THRIFTY_KEY, "tpm=300"), line("spellings", SPELLINGS_KEY, "rpm=2")));
    }

    private static Path keysFile() {
        try {
            Path file = Files.createTempFile("precis-keys", ".txt");
            write(file, List.of("# name  sha256  quotas", line("desk", DESK_KEY, ""), line("tight", TIGHT_KEY, "rpm=2"),
                    line("thrifty", THRIFTY_KEY, "tpm=300"), line("intern", REVOCABLE_KEY, ""),
                    line("spellings", SPELLINGS_KEY, "rpm=2")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(List<String> lines) {
        write(FILE, lines);
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
            // The reload notices a change by modification time, which may be coarse: make it move.
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                    + lines.size() * 1_000L));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(String name, String key, String quotas) {
        return name + "  sha256:" + sha256(key) + "  " + quotas;
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
