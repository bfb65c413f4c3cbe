package dev.precis.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code PRECIS_REDIS_URL} read: {@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://} for TLS. A
 * message about a bad value never shows the password.
 */
public record RedisUrl(String host, int port, Optional<String> user, Optional<String> password, int database,
        boolean tls) {

    static final String EXAMPLE = "redis://redis:6379/0 (or redis://:password@redis:6379/0, rediss://… for TLS)";

    public static RedisUrl parse(String raw) {
        String value = raw.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("PRECIS_REDIS_URL is set but empty: unset it to keep quotas, cache and "
                    + "single flight in this process, or set it, for example " + EXAMPLE);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw bad(raw, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw bad(raw, "is not a redis:// or rediss:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0 && !hostPort.substring(colon + 1).matches("\\d{1,5}")) {
                throw bad(raw, "has a port that is not a number (1-65535)");
            }
            throw bad(raw, "names no host");
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw bad(raw, "has a port outside 1-65535");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            String number = path.substring(1);
            if (!number.matches("\\d{1,5}")) {
                throw bad(raw, "has a path that is not a database number");
            }
            database = Integer.parseInt(number);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(raw, "has a query or fragment, which precis does not read");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String name = colon < 0 ? info : info.substring(0, colon);
            String secret = colon < 0 ? "" : info.substring(colon + 1);
            if (colon < 0) {
                // redis://password@host is how several clients write a password alone
                secret = name;
                name = "";
            }
            user = name.isEmpty() ? Optional.empty() : Optional.of(decode(name));
            password = secret.isEmpty() ? Optional.empty() : Optional.of(decode(secret));
        }
        return new RedisUrl(uri.getHost(), port, user, password, database, scheme.equals("rediss"));
    }

    /** Where Redis is, as a log line may say it: without user or password. */
    public String safe() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    /**
     * The value as a message may show it: everything up to the last {@code @} (the credentials) masked, and any query
     * or fragment (where some clients put a password) too.
     */
    static String masked(String raw) {
        String shown = raw;
        int at = shown.lastIndexOf('@');
        if (at >= 0) {
            int scheme = shown.indexOf("://");
            shown = (scheme >= 0 && scheme < at ? shown.substring(0, scheme + 3) : "") + "***" + shown.substring(at);
        }
        int query = indexOfAny(shown, '?', '#');
        return query < 0 ? shown : shown.substring(0, query) + shown.charAt(query) + "***";
    }

    private static int indexOfAny(String text, char a, char b) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException bad(String raw, String why) {
        // without a scheme, the value may be a password pasted into the wrong variable: it is not shown at all
        String shown = raw.contains(":/") ? "=" + masked(raw.strip()) : " (its value is not shown: it may be a password)";
        return new IllegalArgumentException("PRECIS_REDIS_URL" + shown + " " + why + "; for example " + EXAMPLE);
    }
}
