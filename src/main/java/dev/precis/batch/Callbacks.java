package dev.precis.batch;

import dev.precis.config.PrecisConfig;
import dev.precis.llm.LogText;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The POST a batch's {@code callbackUrl} gets when the batch ends. Only to hosts the operator allowed
 * ({@code PRECIS_CALLBACK_HOSTS}: exact names, or {@code *.domain}), over http or https, never following a redirect
 * (which could lead anywhere). Signed like a webhook: {@code Precis-Signature: t=<unix seconds>,v1=<hex>} where the
 * hex is HMAC-SHA256 over {@code <t>.<body>} with the key's signing secret — derived from {@code
 * PRECIS_CALLBACK_SECRET} and the key's name, and given to the key's holder by {@code GET /v1/batches/signing-secret}.
 */
@ApplicationScoped
public class Callbacks {

    private static final Logger LOG = Logger.getLogger(Callbacks.class);
    public static final String SIGNATURE_HEADER = "Precis-Signature";

    /** Why a callback URL is not taken. */
    public static final class ForbiddenException extends RuntimeException {
        public ForbiddenException(String message) {
            super(message);
        }
    }

    /** What a delivery came to. */
    public enum Outcome {
        DELIVERED, RETRY, GIVE_UP
    }

    private final List<String> hosts;
    private final Optional<String> secret;
    private final Duration timeout;
    private final HttpClient http;

    Callbacks(PrecisConfig config) {
        this.hosts = config.callback().hosts().orElse(List.of()).stream().map(String::strip)
                .map(host -> host.toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty()).toList();
        this.secret = config.callback().secret().map(String::strip);
        this.timeout = config.callback().timeout();
        // HTTP/1.1: no h2c upgrade headers that some receivers and proxies do not expect
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    public boolean enabled() {
        return !hosts.isEmpty() && secret.isPresent();
    }

    /**
     * The URL, checked: absolute http(s), no user or password in it, and a host the operator allowed.
     *
     * @throws ForbiddenException saying why not
     */
    public URI check(String url) {
        if (!enabled()) {
            throw new ForbiddenException("Callbacks are off on this service (PRECIS_CALLBACK_HOSTS and "
                    + "PRECIS_CALLBACK_SECRET are not both set); poll GET /v1/batches/{id} instead.");
        }
        if (url.length() > 2048) {
            throw new ForbiddenException("'callbackUrl' is longer than 2048 characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ForbiddenException("'callbackUrl' is not a URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw new ForbiddenException("'callbackUrl' must be an http or https URL with a host, without a user, "
                    + "password or fragment.");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new ForbiddenException("'callbackUrl' has port " + uri.getPort() + ", which is not a port.");
        }
        if (!allowed(uri)) {
            throw new ForbiddenException("'callbackUrl' names host '" + LogText.printable(uri.getHost())
                    + "', which this service may not call (PRECIS_CALLBACK_HOSTS).");
        }
        return uri;
    }

    private boolean allowed(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        int port = uri.getPort();
        for (String allowed : hosts) {
            String name = allowed;
            int allowedPort = -1;
            boolean anyPort = false;
            int colon = allowed.lastIndexOf(':');
            if (colon > 0) {
                name = allowed.substring(0, colon);
                anyPort = allowed.endsWith(":*");
                allowedPort = anyPort ? -1 : Integer.parseInt(allowed.substring(colon + 1));
            }
            // a host listed without a port allows its scheme's own (80, 443) and no other; host:* any port
            int effective = port >= 0 ? port : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            int wanted = allowedPort >= 0 ? allowedPort : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            if (!anyPort && effective != wanted) {
                continue;
            }
            if (name.startsWith("*.") ? host.endsWith(name.substring(1)) && host.length() > name.length() - 1
                    : host.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The signing secret of a key: HMAC-SHA256(PRECIS_CALLBACK_SECRET, "precis-callback:" + key name), hex. */
    public String secretFor(String owner) {
        return HexFormat.of().formatHex(hmac(secret.orElseThrow().getBytes(StandardCharsets.UTF_8),
                "precis-callback:" + owner));
    }

    /** The signature header's value for a body sent at {@code unixSeconds}. */
    public String signature(String owner, long unixSeconds, String body) {
        String signed = unixSeconds + "." + body;
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secretFor(owner).getBytes(StandardCharsets.UTF_8),
                signed));
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One delivery attempt: 2xx delivered; 408, 425, 429 and 5xx or no answer retried; anything else given up. */
    Outcome send(String owner, String batchId, String url, String body, long unixSeconds) {
        URI uri;
        try {
            uri = check(url);
        } catch (ForbiddenException e) {
            LOG.warnf("batch %s: callback not sent: %s", batchId, e.getMessage());
            return Outcome.GIVE_UP;
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "precis-callback")
                .header("Precis-Batch-Id", batchId)
                .header(SIGNATURE_HEADER, signature(owner, unixSeconds, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        java.util.concurrent.CompletableFuture<HttpResponse<java.io.InputStream>> sent =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            // the whole exchange within the timeout, whatever the receiver does; its body is never read (closed at
            // once: a receiver that drips one would otherwise hold the delivery for ever)
            HttpResponse<java.io.InputStream> response = sent.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            response.body().close();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                LOG.infof("batch %s: callback delivered to %s (HTTP %d)", batchId, uri.getHost(), status);
                return Outcome.DELIVERED;
            }
            boolean again = status == 408 || status == 425 || status == 429 || status >= 500;
            LOG.warnf("batch %s: callback to %s answered HTTP %d%s", batchId, uri.getHost(), status,
                    again ? "; it will be tried again" : "; not tried again");
            return again ? Outcome.RETRY : Outcome.GIVE_UP;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            sent.cancel(true);
            LOG.warnf("batch %s: callback to %s failed (%s); it will be tried again", batchId, uri.getHost(),
                    e instanceof java.util.concurrent.TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                            : e.getCause() != null ? e.getCause().getClass().getSimpleName() : e.getClass().getSimpleName());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }
}
