package dev.precis.config;

import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every {@code PRECIS_*} setting, checked before the service starts, from the settings interface itself so that a
 * setting added later is checked too: each bad value is one line naming the environment variable, the value given and
 * an example of a good one; an environment variable that is no setting is a warning naming the closest one.
 *
 * <p>Values come from the environment ({@code PRECIS_LLM_TIMEOUT}) or system properties ({@code precis.llm.timeout}),
 * the environment winning as it does for the service. Defaults are the service's own and are not checked.
 */
public final class SettingsCheck {

    /** What the check found: errors stop the start, warnings are logged. */
    public record Findings(List<String> errors, List<String> warnings) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** One setting: its property, its environment variable, and the method that declares it. */
    record Setting(String property, String variable, Method method) {
    }

    /** Durations that may be zero (their documentation says what zero means); every other one must be positive. */
    private static final Set<String> ZERO_ALLOWED = Set.of("precis.api-keys-reload", "precis.shutdown-grace",
            "precis.glossaries-reload");
    /** Longest duration any setting takes: far beyond any sensible value, far below an overflow. */
    private static final Duration MAX_DURATION = Duration.ofDays(1);
    /** Settings that may run longer than a day, and their own ceiling. */
    private static final Map<String, Duration> LONGER_ALLOWED = Map.of("precis.cache.ttl", Duration.ofDays(30),
            "precis.batch.retention", Duration.ofDays(366));
    /** Settings that hold a secret: their value is never repeated in a message. */
    private static final Predicate<String> SECRET = property -> property.endsWith("api-key")
            || property.equals("precis.redis.url") || property.equals("precis.db.url") || property.equals("precis.db.password")
            || property.equals("precis.callback.secret");
    /** Languages the detector can load (Lingua's ISO 639-1 codes). */
    private static final Predicate<String> KNOWN_LANGUAGE = code -> {
        try {
            com.github.pemistahl.lingua.api.IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    };

    private SettingsCheck() {
    }

    /** Every setting of {@link PrecisConfig}, in declaration order. */
    static List<Setting> settings() {
        List<Setting> settings = new ArrayList<>();
        collect(PrecisConfig.class, "precis.", settings);
        return settings;
    }

    public static Set<String> variables() {
        return Set.copyOf(settings().stream().map(Setting::variable).toList());
    }

    public static Findings check(Map<String, String> env, Map<String, String> properties) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Setting> settings = settings();
        Map<String, String> given = new LinkedHashMap<>();
        for (Setting setting : settings) {
            String value = env.containsKey(setting.variable()) ? env.get(setting.variable())
                    : properties.get(setting.property());
            if (value != null) {
                given.put(setting.property(), value);
                check(setting, value).ifPresent(errors::add);
            }
        }
        Set<String> known = Set.copyOf(settings.stream().map(Setting::variable).toList());
        env.keySet().stream().filter(name -> name.startsWith("PRECIS_") && !known.contains(name)).sorted()
                .forEach(unknown -> warnings.add(unknown + " is not a setting of precis and is ignored; "
                        + closest(unknown, known).map(name -> "did you mean " + name + "?")
                                .orElse("see the README's configuration table")));
        // the Quarkus settings an operator sets most, said as precis says its own
        String connections = env.get("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS");
        if (connections != null && !(connections.strip().matches("\\d{1,9}") && Integer.parseInt(connections.strip()) > 0)) {
            errors.add("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS=" + printable(connections) + " is not a positive number of "
                    + "connections; for example 10000");
        }
        String apiPort = env.getOrDefault("QUARKUS_HTTP_PORT", "8080").strip();
        String managementPort = env.getOrDefault("QUARKUS_MANAGEMENT_PORT", "9000").strip();
        if (apiPort.equals(managementPort) && !apiPort.equals("0")) {
            errors.add("QUARKUS_MANAGEMENT_PORT=" + printable(managementPort) + " is the API's port too: health and "
                    + "metrics would be served to clients without a key; give it its own port, for example 9000");
        }
        for (String variable : List.of("QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT")) {
            String value = env.get(variable);
            boolean port = value != null && value.strip().matches("\\d{1,5}") && Integer.parseInt(value.strip()) <= 65_535;
            if (value != null && !port) {
                errors.add(variable + "=" + printable(value) + " is not a port (0-65535); for example "
                        + (variable.contains("HTTP") ? "8080" : "9000"));
            }
        }
        crossChecks(given, errors);
        boolean hosts = given.containsKey("precis.callback.hosts");
        boolean secret = given.containsKey("precis.callback.secret");
        if (hosts != secret) {
            warnings.add((hosts ? "PRECIS_CALLBACK_HOSTS is set without PRECIS_CALLBACK_SECRET"
                    : "PRECIS_CALLBACK_SECRET is set without PRECIS_CALLBACK_HOSTS")
                    + ": callbacks need both, and every batch with a callbackUrl is refused meanwhile");
        }
        if (!given.containsKey("precis.db.url") && (given.containsKey("precis.db.user") || given.containsKey("precis.db.password"))) {
            warnings.add("PRECIS_DB_USER or PRECIS_DB_PASSWORD is set without PRECIS_DB_URL: batches are kept in the "
                    + "embedded database; set PRECIS_DB_URL to use PostgreSQL");
        }
        return new Findings(List.copyOf(errors), List.copyOf(warnings));
    }

    private static void crossChecks(Map<String, String> given, List<String> errors) {
        int calls = intOr(given.get("precis.max-calls-per-article"), 24);
        int repairs = intOr(given.get("precis.repair-attempts"), 2);
        if (calls < 1 + repairs && errors.stream().noneMatch(e -> e.contains("CALLS_PER_ARTICLE") || e.contains("REPAIR"))) {
            errors.add("PRECIS_MAX_CALLS_PER_ARTICLE=" + calls + " leaves no room for one call and its "
                    + "PRECIS_REPAIR_ATTEMPTS=" + repairs + " repairs, so every article would be refused; set it to at "
                    + "least " + (1 + repairs) + " (default 24)");
        }
    }

    private static java.util.Optional<String> check(Setting setting, String raw) {
        String value = raw.strip();
        String variable = setting.variable();
        Type type = setting.method().getGenericReturnType();
        Class<?> raw0 = rawClass(type);
        if (raw0 == Optional.class) {
            type = ((ParameterizedType) type).getActualTypeArguments()[0];
            raw0 = rawClass(type);
        }
        try {
            if (raw0 == Duration.class) {
                Duration duration;
                try {
                    duration = DurationConverter.parseDuration(value);
                } catch (RuntimeException e) {
                    return Optional.of(variable + "=" + raw + " is not a duration; for example " + example(setting)
                            + " (ms, s, m or h)");
                }
                if (duration == null) {
                    return Optional.of(variable + " is empty; for example " + example(setting));
                }
                boolean zeroAllowed = ZERO_ALLOWED.contains(setting.property());
                if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
                    return Optional.of(variable + "=" + raw + " is not a " + (zeroAllowed ? "" : "positive ")
                            + "duration; for example " + example(setting));
                }
                Duration ceiling = LONGER_ALLOWED.getOrDefault(setting.property(), MAX_DURATION);
                if (duration.compareTo(ceiling) > 0) {
                    return Optional.of(variable + "=" + raw + " is longer than the most it may be ("
                            + (ceiling.toDays() == 1 ? "24h" : ceiling.toDays() + "d") + "); for example "
                            + example(setting));
                }
            } else if (raw0 == int.class || raw0 == long.class || raw0 == OptionalInt.class || raw0 == OptionalLong.class) {
                long number = Long.parseLong(value);
                if ((raw0 == int.class || raw0 == OptionalInt.class) && (number > Integer.MAX_VALUE || number < Integer.MIN_VALUE)) {
                    return Optional.of(variable + "=" + raw + " is out of range; for example " + example(setting));
                }
                Min min = setting.method().getAnnotation(Min.class);
                Max max = setting.method().getAnnotation(Max.class);
                if (min != null && number < min.value()) {
                    return Optional.of(variable + "=" + raw + " is below the minimum " + min.value() + "; for example "
                            + example(setting));
                }
                if (max != null && number > max.value()) {
                    return Optional.of(variable + "=" + raw + " is above the maximum " + max.value() + "; for example "
                            + example(setting));
                }
            } else if (raw0 == double.class) {
                double number = Double.parseDouble(value);
                if (!Double.isFinite(number)) {
                    return Optional.of(variable + "=" + raw + " is not a number; for example " + example(setting));
                }
                if (setting.property().endsWith(".temperature") && (number < 0 || number > 2)) {
                    return Optional.of(variable + "=" + raw + " is outside 0 to 2; for example 0 (as repeatable as "
                            + "the backend allows) or 0.7");
                }
            } else if (raw0 == String.class) {
                // white space around a value (the line break a Secret made from a file ends with) is dropped; inside
                // it, a control character would be sent in a header or shown in a log
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c < 0x20 || c == 0x7F) {
                        return Optional.of(variable + (SECRET.test(setting.property()) ? "" : "=" + printable(raw))
                                + " holds a control character (a line break copied with the value?); remove it");
                    }
                }
                if (setting.property().equals("precis.db.url")) {
                    try {
                        DbUrl.parse(value);
                    } catch (IllegalArgumentException e) {
                        return Optional.of(printable(e.getMessage()));
                    }
                }
                if (setting.property().equals("precis.callback.secret") && value.length() < 32) {
                    return Optional.of(variable + " is " + value.length() + " characters long; give it at least 32 "
                            + "random characters, for example the output of: openssl rand -hex 32");
                }
                if (setting.property().equals("precis.redis.url")) {
                    try {
                        RedisUrl.parse(value);
                    } catch (IllegalArgumentException e) {
                        return Optional.of(printable(e.getMessage()));
                    }
                }
            } else if (raw0 == boolean.class) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    return Optional.of(variable + "=" + raw + " is not true or false");
                }
            } else if (raw0 == List.class && setting.property().equals("precis.callback.hosts")) {
                List<String> bad = java.util.Arrays.stream(value.split(",")).map(String::strip)
                        .filter(host -> !host.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62}\\.)*[A-Za-z0-9-]{1,63}(:(\\d{1,5}|\\*))?"))
                        .toList();
                if (!bad.isEmpty() || value.isBlank()) {
                    return Optional.of(variable + "=" + printable(raw) + ": " + (value.isBlank() ? "no host given"
                            : String.join(", ", bad.stream().map(host -> "'" + printable(host) + "'").toList())
                                    + " is not a host name (or *.domain)")
                            + "; for example hooks.example.org,*.internal.example.org");
                }
            } else if (raw0 == List.class && setting.property().equals("precis.languages")) {
                List<String> unknown = java.util.Arrays.stream(value.split(",")).map(String::strip)
                        .filter(code -> !KNOWN_LANGUAGE.test(code)).toList();
                if (!unknown.isEmpty() || value.isBlank()) {
                    return Optional.of(variable + "=" + raw + ": " + (value.isBlank() ? "no language given"
                            : String.join(", ", unknown.stream().map(code -> "'" + code + "'").toList())
                                    + " is not an ISO 639-1 code precis can detect")
                            + "; for example fr,en,de,es");
                }
            } else if (raw0 == Path.class) {
                if (value.isEmpty()) {
                    return Optional.of(variable + " is set but empty; unset it for the default (" + example(setting)
                            + "), or give a folder or file");
                }
                Path path = Path.of(value);
                if (setting.property().equals("precis.glossaries-dir") && !Files.isDirectory(path)) {
                    return Optional.of(variable + "=" + raw + " is not a directory; point it at a folder of glossary "
                            + "files (<name>.tsv or <name>.csv), for example /etc/precis/glossaries");
                }
                if (setting.property().equals("precis.prompts-dir") && !Files.isDirectory(path)) {
                    return Optional.of(variable + "=" + raw + " is not a directory; point it at a folder of prompt "
                            + "files (see prompts/), for example /etc/precis/prompts");
                }
                if (setting.property().equals("precis.api-keys-file")
                        && !(Files.isRegularFile(path) && Files.isReadable(path))) {
                    return Optional.of(variable + "=" + raw + " is not a file this user can read (missing, a "
                            + "directory, or not readable); for example /etc/precis/keys/api-keys.txt");
                }
            }
        } catch (NumberFormatException e) {
            return Optional.of(variable + "=" + raw + " is not a number; for example " + example(setting));
        }
        return Optional.empty();
    }

    /** A value as a message may show it: control characters written as escapes, never raw into a log. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** Examples of settings that have no default to show. */
    private static final Map<String, String> EXAMPLES = Map.of("precis.request-memory", "200000000",
            "precis.llm.num-ctx", "16384", "precis.llm.fallback.num-ctx", "16384");

    /** The default, else a typical value of the setting or of its type. */
    private static String example(Setting setting) {
        io.smallrye.config.WithDefault fallback = setting.method().getAnnotation(io.smallrye.config.WithDefault.class);
        if (fallback != null) {
            return fallback.value();
        }
        if (EXAMPLES.containsKey(setting.property())) {
            return EXAMPLES.get(setting.property());
        }
        Class<?> type = rawClass(setting.method().getGenericReturnType());
        return type == OptionalLong.class || type == OptionalInt.class ? "16384" : "a value";
    }

    private static int intOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void collect(Class<?> group, String prefix, List<Setting> settings) {
        for (Method method : group.getDeclaredMethods()) {
            if (method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String property = prefix + kebab(method.getName());
            Type type = method.getGenericReturnType();
            Class<?> raw = rawClass(type);
            if (raw == Optional.class) {
                Class<?> inner = rawClass(((ParameterizedType) type).getActualTypeArguments()[0]);
                if (inner.isInterface() && inner.getName().startsWith("dev.precis")) {
                    collect(inner, property + ".", settings);
                    continue;
                }
            } else if (raw.isInterface() && raw.getName().startsWith("dev.precis")) {
                collect(raw, property + ".", settings);
                continue;
            }
            settings.add(new Setting(property, variable(property), method));
        }
        settings.sort(java.util.Comparator.comparing(Setting::property));
    }

    private static Class<?> rawClass(Type type) {
        return type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The known name within three edits of the unknown one, if any. */
    static Optional<String> closest(String unknown, Set<String> known) {
        String best = null;
        int bestDistance = 4;
        for (String name : known) {
            int distance = distance(unknown, name);
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        return dev.precis.grounding.EditDistance.between(a, b);
    }
}
