package dev.precis.security;

import dev.precis.config.PrecisConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The API keys in force, from {@code PRECIS_API_KEYS_FILE}. The file is read at startup (a broken file stops the
 * service) and again when it changes, so keys can be added and revoked without a restart. With no file the
 * service is open, which it says loudly.
 */
@Startup
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final Optional<Path> file;
    private final Limits defaults;
    private final long reloadNanos;
    private volatile List<ApiKeyFile.Entry> entries = List.of();
    private volatile FileTime loadedVersion;
    private volatile long checkedAt;

    ApiKeys(PrecisConfig config) {
        this.file = config.apiKeysFile();
        this.defaults = new Limits(config.quota().requestsPerMinute(), config.quota().tokensPerMinute(),
                config.quota().tokensPerDay());
        this.reloadNanos = config.apiKeysReload().toNanos();
        if (file.isEmpty()) {
            LOG.warn("*** No PRECIS_API_KEYS_FILE: the API is OPEN to anyone who can reach it (development mode). "
                    + "Configure API keys before exposing this service. ***");
            return;
        }
        load();
        LOG.infof("API keys required: %d key(s) loaded", entries.size());
    }

    public boolean required() {
        return file.isPresent();
    }

    /** The client a presented key belongs to; empty for a missing, unknown or revoked key. */
    public Optional<Client> authenticate(String presentedKey) {
        reloadIfChanged();
        byte[] presented = sha256(presentedKey == null ? "" : presentedKey);
        ApiKeyFile.Entry entry = ApiKeyFile.match(entries, presented);
        if (entry == null || presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Client(entry.name(), entry.limits()));
    }

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (file.isEmpty() || now - checkedAt < reloadNanos) {
            return;
        }
        checkedAt = now;
        try {
            if (!Files.getLastModifiedTime(file.get()).equals(loadedVersion)) {
                load();
                LOG.infof("API keys file changed: %d key(s) loaded", entries.size());
            }
        } catch (IOException | RuntimeException e) {
            // Keep serving with the keys already loaded rather than locking everyone out on a bad edit.
            LOG.errorf("API keys file not reloaded, keeping %d key(s): %s", entries.size(), e.getMessage());
        }
    }

    private synchronized void load() {
        try {
            FileTime version = Files.getLastModifiedTime(file.get());
            entries = ApiKeyFile.parse(Files.readAllLines(file.get(), StandardCharsets.UTF_8), defaults);
            loadedVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API keys file", e);
        }
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
