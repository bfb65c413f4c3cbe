package dev.precis.glossary;

import dev.precis.config.PrecisConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The named glossaries, from the files of {@code PRECIS_GLOSSARIES_DIR} ({@code <name>.tsv} or {@code <name>.csv}),
 * read at startup and looked at again every {@code PRECIS_GLOSSARIES_RELOAD}: a file added, changed or deleted is
 * picked up without a restart. A malformed line is skipped and reported; a file that cannot be used at all (no
 * header, too large, not UTF-8) is reported and its last good version stays in force; a deleted file's glossary is
 * gone. One request thread at a time reloads; the others go on with the glossaries in force.
 */
@Startup
@ApplicationScoped
public class Glossaries {

    private static final Logger LOG = Logger.getLogger(Glossaries.class);
    /** A glossary's name: its file's name without the extension. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The name a request gives to use no named glossary, not even its key's default. */
    public static final String NONE = "none";

    /** Which glossaries a caller may name: its key's default, and others its key lists ({@code any} for all). */
    public record Access(String defaultGlossary, Set<String> allowed, boolean any) {

        /** No keys file: any glossary may be named, none applies by default. */
        public static final Access OPEN = new Access(null, Set.of(), true);

        boolean allows(String name) {
            return any || name.equals(defaultGlossary) || allowed.contains(name);
        }
    }

    private record Loaded(Glossary glossary, long size, long modified) {
    }

    private final Optional<Path> dir;
    private final long reloadNanos;
    private final int maxEntries;
    private final long maxBytes;
    private final int maxInline;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Map<String, Loaded> loaded = Map.of();

    @Inject
    Glossaries(PrecisConfig config) {
        this(config.glossariesDir(), config.glossariesReload(), config.glossary().maxEntries(),
                config.glossary().maxBytes(), config.glossary().maxInlineEntries());
    }

    public Glossaries(Optional<Path> dir, Duration reload, int maxEntries, long maxBytes, int maxInline) {
        this.dir = dir;
        this.reloadNanos = reload.toNanos();
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.maxInline = maxInline;
        if (dir.isPresent()) {
            reload();
            if (reloadNanos > 0) {
                // Off the request path: a large file read again never holds up a digest.
                timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                        .name("precis-glossaries").daemon(true).factory());
                timer.scheduleWithFixedDelay(this::reloadQuietly, reloadNanos, reloadNanos,
                        java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    private java.util.concurrent.ScheduledExecutorService timer;

    @jakarta.annotation.PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void reloadQuietly() {
        try {
            if (reloading.tryLock()) {
                try {
                    reload();
                } finally {
                    reloading.unlock();
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("glossaries folder %s could not be read again (%s): the glossaries in force stay", dir.get(),
                    e.getClass().getSimpleName());
        }
    }

    /** The names of the glossaries in force, sorted. */
    public List<String> names() {
        reloadIfDue();
        return loaded.entrySet().stream().filter(e -> e.getValue().glossary() != null).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** A glossary in force, by name. */
    public Optional<Glossary> get(String name) {
        reloadIfDue();
        Loaded found = loaded.get(name);
        return found == null ? Optional.empty() : Optional.ofNullable(found.glossary());
    }

    /**
     * The glossaries in force for a request: its inline entries first, then the glossary it names — or, when it
     * names none, its key's default; {@code "none"} names no glossary at all.
     *
     * @throws GlossaryException for an unknown or forbidden name, or too many inline entries
     */
    public GlossarySet resolve(String requested, List<GlossaryEntry> inline, Access access) {
        List<Glossary> layers = new ArrayList<>(2);
        if (inline != null && !inline.isEmpty()) {
            if (inline.size() > maxInline) {
                throw new GlossaryException(GlossaryException.Reason.TOO_LARGE, "'glossaryEntries' has "
                        + inline.size() + " entries; at most " + maxInline + " are accepted inline "
                        + "(PRECIS_GLOSSARY_MAX_INLINE_ENTRIES): put larger glossaries in a glossary file.");
            }
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < inline.size(); i++) {
                Integer earlier = seen.putIfAbsent(Glossary.sourceKey(inline.get(i)), i);
                if (earlier != null && !inline.get(earlier).target().equals(inline.get(i).target())) {
                    throw new GlossaryException(GlossaryException.Reason.INVALID, "'glossaryEntries[" + i + "]': source '"
                            + GlossaryEntry.shown(inline.get(i).source()) + "' is already 'glossaryEntries[" + earlier
                            + "]' with target '" + GlossaryEntry.shown(inline.get(earlier).target()) + "'.");
                }
            }
            layers.add(new Glossary(Glossary.INLINE, Glossary.distinctSources(inline)));
        }
        String name = requested != null ? requested.strip() : access.defaultGlossary();
        if (name != null && !name.equals(NONE)) {
            Optional<Glossary> named = access.allows(name) ? get(name) : Optional.empty();
            if (named.isEmpty()) {
                if (requested == null) {
                    // The key's default is missing (a file deleted or renamed): the request goes on without it, said
                    // once until it is back.
                    if (missingDefaults.add(name)) {
                        LOG.warnf("the default glossary '%s' of an API key is not loaded; its digests go on without it "
                                + "until a file %s.tsv or %s.csv is in the glossaries folder", name, name, name);
                    }
                } else {
                    throw new GlossaryException(GlossaryException.Reason.UNKNOWN, "No glossary named '"
                            + GlossaryEntry.shown(requested) + "' is "
                            + (access == Access.OPEN ? "loaded" : "available to this API key") + available(access)
                            + ".");
                }
            } else {
                missingDefaults.remove(name);
                layers.add(named.get());
            }
        }
        return layers.isEmpty() ? GlossarySet.NONE : new GlossarySet(layers);
    }

    private String available(Access access) {
        List<String> names = names().stream().filter(access::allows).toList();
        return names.isEmpty() ? " (none is)" : " (available: " + String.join(", ", names.stream().limit(20).toList())
                + (names.size() > 20 ? ", …" : "") + ")";
    }

    /** With {@code PRECIS_GLOSSARIES_RELOAD=0}, the folder is looked at on every use; otherwise a timer does it. */
    private void reloadIfDue() {
        if (dir.isEmpty() || reloadNanos > 0) {
            return;
        }
        reloadQuietly();
    }

    /** Reads the files that are new or changed since the last look; forgets deleted ones. */
    private void reload() {
        Path folder = dir.get();
        Map<String, List<Path>> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(folder)) {
            listing.forEach(path -> {
                String file = path.getFileName().toString();
                String lower = file.toLowerCase(Locale.ROOT);
                if (file.startsWith(".") || !(lower.endsWith(".tsv") || lower.endsWith(".csv"))
                        || !Files.isRegularFile(path)) {
                    return;
                }
                files.computeIfAbsent(file.substring(0, file.length() - 4), k -> new ArrayList<>()).add(path);
            });
        } catch (IOException e) {
            LOG.warnf("glossaries folder %s cannot be listed (%s): the glossaries read before stay in force", folder,
                    e.getClass().getSimpleName());
            return;
        }
        Map<String, Loaded> next = new HashMap<>();
        for (Map.Entry<String, List<Path>> named : files.entrySet()) {
            String name = named.getKey();
            Loaded before = loaded.get(name);
            if (!NAME.matcher(name).matches() || name.equals(NONE)) {
                if (checkedOnce.add(name)) {
                    LOG.warnf("glossary file %s skipped: a glossary's name is 1-64 letters, digits, '.', '_' or '-', "
                            + "starting with a letter or digit, and not 'none' (which names no glossary)",
                            named.getValue().get(0));
                }
                continue;
            }
            if (named.getValue().size() > 1) {
                if (checkedOnce.add(name)) {
                    LOG.warnf("glossary '%s': both %s.tsv and %s.csv exist; keep one (%s)", name, name, name,
                            before == null || before.glossary() == null ? "neither is used"
                                    : "the version read before stays in force");
                }
                if (before != null) {
                    next.put(name, before);
                }
                continue;
            }
            checkedOnce.remove(name);
            Path path = named.getValue().get(0);
            Loaded read = read(name, path, before);
            if (read != null) {
                next.put(name, read);
            }
        }
        for (String gone : loaded.keySet()) {
            if (!next.containsKey(gone) && loaded.get(gone).glossary() != null) {
                LOG.infof("glossary '%s' removed: its file is gone from %s", gone, folder);
            }
        }
        loaded = Map.copyOf(next);
    }

    private final Set<String> checkedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> missingDefaults = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Loaded read(String name, Path path, Loaded before) {
        long size;
        long modified;
        try {
            size = Files.size(path);
            modified = Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return before;
        }
        if (before != null && before.size() == size && before.modified() == modified) {
            return before;
        }
        String keeps = before == null ? "it is not loaded" : "its version read before stays in force";
        if (size > maxBytes) {
            LOG.warnf("glossary file %s is %d bytes, more than PRECIS_GLOSSARY_MAX_BYTES=%d: %s", path, size,
                    maxBytes, keeps);
            return before == null ? null : new Loaded(before.glossary(), size, modified);
        }
        try {
            byte[] bytes;
            try (java.io.InputStream in = Files.newInputStream(path)) {
                // the size said is not trusted (a file that grows, a special file that says 0): read at most the limit
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) {
                LOG.warnf("glossary file %s is more than PRECIS_GLOSSARY_MAX_BYTES=%d bytes: %s", path, maxBytes, keeps);
                return before == null ? new Loaded(null, size, modified) : new Loaded(before.glossary(), size, modified);
            }
            String content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            boolean csv = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
            GlossaryFile.Parsed parsed = GlossaryFile.parse(content, csv, maxEntries);
            for (String skipped : parsed.skipped()) {
                LOG.warnf("glossary file %s, %s: line skipped", path, skipped);
            }
            LOG.infof("glossary '%s' read from %s: %d entries", name, path, parsed.entries().size());
            return new Loaded(new Glossary(name, parsed.entries()), size, modified);
        } catch (CharacterCodingException e) {
            LOG.warnf("glossary file %s is not UTF-8 text: %s", path, keeps);
        } catch (IllegalArgumentException e) {
            LOG.warnf("glossary file %s cannot be used (%s): %s", path, e.getMessage(), keeps);
        } catch (IOException e) {
            LOG.warnf("glossary file %s cannot be read (%s): %s", path, e.getClass().getSimpleName(), keeps);
        }
        // Not read again until it changes.
        return before == null ? new Loaded(null, size, modified) : new Loaded(before.glossary(), size, modified);
    }
}
