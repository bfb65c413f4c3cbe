package dev.precis.security;

import dev.precis.config.PrecisConfig;
import dev.precis.config.RunMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The API keys in force, from {@code PRECIS_API_KEYS_FILE}. The file is read at startup and checked again every
 * {@code PRECIS_API_KEYS_RELOAD}, so keys can be added and revoked without a restart. It fails closed: the keys in
 * force are always the well-formed lines of the file as it is now (a malformed line is skipped and reported, and
 * grants nothing), and a file that disappears or cannot be read leaves no key valid until it is back. With no file
 * configured the service is open, which it says loudly.
 */
@Startup
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final Optional<Path> file;
    private final Limits defaults;
    private final long reloadNanos;
    private volatile List<ApiKeyFile.Entry> entries = List.of();
    /** The bytes the keys in force were read from; null while the file is unreadable. */
    private byte[] loadedContent;
    private volatile long checkedAt;

    @Inject
    ApiKeys(PrecisConfig config) {
        this(config.apiKeysFile(), new Limits(config.quota().requestsPerMinute(), config.quota().tokensPerMinute(),
                config.quota().tokensPerDay()), config.apiKeysReload());
    }

    ApiKeys(Optional<Path> file, Limits defaults, Duration reload) {
        this.file = file;
        this.defaults = defaults;
        this.reloadNanos = reload.toNanos();
        if (file.isEmpty()) {
            if (RunMode.isEval()) {
                return; // the eval command listens on loopback only, for itself
            }
            LOG.warn("*** No PRECIS_API_KEYS_FILE: the API is OPEN to anyone who can reach it (development mode). "
                    + "Configure API keys before exposing this service. ***");
            return;
        }
        if (!Files.isReadable(file.get())) {
            throw new IllegalStateException("PRECIS_API_KEYS_FILE=" + file.get() + " cannot be read (missing, or not "
                    + "readable by this user); point it at a file of 'name sha256:<hex>' lines, e.g. /etc/precis/keys/api-keys.txt");
        }
        reload();
        checkedAt = System.nanoTime();
    }

    public boolean required() {
        return file.isPresent();
    }

    /** The client a presented key belongs to; empty for a missing, unknown or revoked key. */
    public Optional<Client> authenticate(String presentedKey) {
        reloadIfDue();
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        ApiKeyFile.Entry entry = ApiKeyFile.match(entries, sha256(presentedKey));
        return entry == null ? Optional.empty() : Optional.of(entry.client());
    }

    /**
     * The client of a key name as the file stands now (its current quotas): batch items run long after their
     * submission, for the key that submitted them. Empty when that key is no longer in the file, and always without a
     * keys file (then nobody in particular calls, unmetered: see {@link #required()}).
     */
    /**
     * Whether the keys file could be read last time it was looked at: when it could not (missing for a moment while
     * it is rewritten, say), a key absent from it is not known to be revoked.
     */
    public boolean fileReadable() {
        reloadIfDue();
        return file.isEmpty() || loadedContent != null;
    }

    public Optional<Client> byName(String name) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        reloadIfDue();
        for (ApiKeyFile.Entry entry : entries) {
            if (entry.name().equals(name)) {
                return Optional.of(entry.client());
            }
        }
        return Optional.empty();
    }

    private void reloadIfDue() {
        long now = System.nanoTime();
        if (file.isEmpty() || now - checkedAt < reloadNanos) {
            return;
        }
        checkedAt = now;
        reload();
    }

    /** Reads the file; the keys in force change only when its content did. */
    private synchronized void reload() {
        byte[] content;
        try {
            content = Files.readAllBytes(file.get());
        } catch (NoSuchFileException e) {
            failClosed("is missing");
            return;
        } catch (IOException e) {
            failClosed("cannot be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (Arrays.equals(content, loadedContent)) {
            return;
        }
        ApiKeyFile.Parsed parsed;
        try {
            parsed = ApiKeyFile.parse(new String(content, StandardCharsets.UTF_8).lines().toList(), defaults);
        } catch (RuntimeException e) {
            // A line the parser did not foresee must not leave the old keys in force: fail closed.
            failClosed("could not be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        entries = parsed.entries();
        loadedContent = content;
        for (String skipped : parsed.skipped()) {
            LOG.warnf("API keys file %s, %s: line skipped, it grants nothing", file.get(), skipped);
        }
        LOG.infof("API keys file %s read: %d key(s) in force", file.get(), entries.size());
    }

    /** No file, no keys: every request that needs one is refused until the file is back. */
    private void failClosed(String why) {
        if (loadedContent != null || !entries.isEmpty()) {
            LOG.errorf("API keys file %s %s: NO key is valid until it is back; every request that needs a key is "
                    + "refused", file.get(), why);
        }
        entries = List.of();
        loadedContent = null;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
