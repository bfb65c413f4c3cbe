package dev.precis.api;

import dev.precis.model.ProblemType;
import dev.precis.model.Problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The request line and headers a client controls, checked before any framework code reads them, so that a
 * malformed header is the client's 4xx problem and never a 500 with a stack trace in our log:
 * <ul>
 * <li>a request target over {@link #MAX_TARGET_CHARS} → 414, headers over {@link #MAX_HEADER_BYTES} → 431 (the HTTP
 * codec's own limits sit higher and only catch what is far beyond these);</li>
 * <li>a {@code Content-Type} that is not one well-formed media type (RFC 9110 §8.3.1) → 415; a charset Java does not
 * know → 415; JSON in a charset other than UTF-8 → 415 (JSON is UTF-8, RFC 8259). A valid one is passed on in a
 * canonical spelling;</li>
 * <li>a {@code Content-Encoding} other than {@code identity} → 415: bodies are read as sent, never inflated.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestHeaderCheck {

    /** After the API key check, before the body limit and everything else. */
    private static final int PRIORITY = 950;
    /** Longest request target (path and query) answered with anything but 414. */
    static final int MAX_TARGET_CHARS = 4_096;
    /** Most bytes of header names and values (as counted by RFC 9110 field lines) answered with anything but 431. */
    static final int MAX_HEADER_BYTES = 20_480;

    private final ObjectMapper json;

    RequestHeaderCheck(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.uri().length() > MAX_TARGET_CHARS) {
            closeAfter(rc, ProblemType.URI_TOO_LONG.with("The request target has " + request.uri().length()
                    + " characters; the limit is " + MAX_TARGET_CHARS + "."));
            return;
        }
        if (headerBytes(request.headers()) > MAX_HEADER_BYTES) {
            closeAfter(rc, ProblemType.HEADERS_TOO_LARGE.with("The request headers are larger than "
                    + MAX_HEADER_BYTES + " bytes."));
            return;
        }
        Optional<String> refusal = contentEncodingProblem(request.headers().getAll("Content-Encoding"))
                .or(() -> contentTypeProblem(request.headers().getAll("Content-Type"), request.headers()))
                .or(() -> hasBody(request) && !request.headers().contains("Content-Type")
                        ? Optional.of("A body needs a Content-Type: application/json or text/plain; charset=utf-8.")
                        : Optional.empty());
        if (refusal.isPresent()) {
            HttpProblems.send(rc, json, ProblemType.UNSUPPORTED_MEDIA_TYPE.with(refusal.get()), null);
            return;
        }
        Optional<String> accept = acceptProblem(request.headers().getAll("Accept"));
        if (accept.isPresent()) {
            HttpProblems.send(rc, json, ProblemType.NOT_ACCEPTABLE.with(accept.get()), null);
            return;
        }
        rc.next();
    }

    private void closeAfter(RoutingContext rc, Problem problem) {
        HttpProblems.sendAndClose(rc, json, problem);
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return request.headers().contains("Transfer-Encoding") || (length != null && !length.strip().equals("0"));
    }

    /** Each media range of each Accept header must parse; a malformed one would fail deep in the framework. */
    static Optional<String> acceptProblem(List<String> values) {
        for (String value : values) {
            for (String range : value.split(",")) {
                if (!range.isBlank() && MediaType.parse(range).isEmpty()) {
                    return Optional.of("Accept '" + printable(value) + "' is not a list of media ranges; send "
                            + "application/json (or */*).");
                }
            }
        }
        return Optional.empty();
    }

    private static int headerBytes(MultiMap headers) {
        int bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private static Optional<String> contentEncodingProblem(List<String> encodings) {
        for (String encoding : encodings) {
            if (!encoding.strip().equalsIgnoreCase("identity")) {
                return Optional.of("Content-Encoding '" + printable(encoding) + "' is not accepted; send the body "
                        + "uncompressed.");
            }
        }
        return Optional.empty();
    }

    /** Why the Content-Type cannot be used, if it cannot; a usable one is rewritten in canonical form. */
    static Optional<String> contentTypeProblem(List<String> values, MultiMap headers) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            return Optional.of("The request has " + values.size() + " Content-Type headers; send one.");
        }
        Optional<MediaType> parsed = MediaType.parse(values.get(0));
        if (parsed.isEmpty()) {
            return Optional.of("Content-Type '" + printable(values.get(0)) + "' is not a media type; send "
                    + "application/json or text/plain; charset=utf-8.");
        }
        MediaType type = parsed.get();
        if (type.type().equals("*") || type.subtype().equals("*")) {
            return Optional.of("Content-Type '" + printable(values.get(0)) + "' is a range, not a media type; send "
                    + "application/json or text/plain; charset=utf-8.");
        }
        String charset = type.parameters().get("charset");
        if (charset != null) {
            Optional<Charset> known = charset(charset);
            if (known.isEmpty()) {
                return Optional.of("The charset '" + printable(charset) + "' is not known; send UTF-8.");
            }
            if (type.essence().equals("application/json") && !known.get().equals(StandardCharsets.UTF_8)) {
                return Optional.of("JSON is read as UTF-8 (RFC 8259); the charset '" + printable(charset)
                        + "' is not accepted.");
            }
        }
        if (headers != null) {
            headers.set("Content-Type", type.canonical());
        }
        return Optional.empty();
    }

    private static Optional<Charset> charset(String name) {
        try {
            return Charset.isSupported(name) ? Optional.of(Charset.forName(name)) : Optional.empty();
        } catch (IllegalCharsetNameException e) {
            return Optional.empty();
        }
    }

    /** A header value as it may be quoted back: printable ASCII only, and short. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 80; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    /** A media type as RFC 9110 writes it: {@code type "/" subtype *( OWS ";" OWS [ name "=" value ] )}. */
    record MediaType(String type, String subtype, Map<String, String> parameters) {

        String essence() {
            return type + "/" + subtype;
        }

        String canonical() {
            StringBuilder out = new StringBuilder(essence());
            parameters.forEach((name, value) -> out.append("; ").append(name).append('=')
                    .append(isToken(value, 0, value.length()) ? value : quoted(value)));
            return out.toString();
        }

        static Optional<MediaType> parse(String header) {
            String value = header.strip();
            int slash = value.indexOf('/');
            int end = value.indexOf(';');
            int essenceEnd = (end < 0 ? value.length() : end);
            String essence = value.substring(0, essenceEnd).stripTrailing();
            if (slash <= 0 || slash >= essence.length() - 1 || !isToken(essence, 0, slash)
                    || !isToken(essence, slash + 1, essence.length())) {
                return Optional.empty();
            }
            Map<String, String> parameters = new java.util.LinkedHashMap<>();
            int i = essenceEnd;
            while (i < value.length()) {
                // At a ';': skip it and optional whitespace; an empty parameter is allowed.
                i = skipWhitespace(value, i + 1);
                if (i >= value.length() || value.charAt(i) == ';') {
                    continue;
                }
                int nameEnd = i;
                while (nameEnd < value.length() && isTokenChar(value.charAt(nameEnd))) {
                    nameEnd++;
                }
                if (nameEnd == i || nameEnd >= value.length() || value.charAt(nameEnd) != '=') {
                    return Optional.empty();
                }
                String name = value.substring(i, nameEnd).toLowerCase(Locale.ROOT);
                int valueStart = nameEnd + 1;
                String parameterValue;
                int after;
                if (valueStart < value.length() && value.charAt(valueStart) == '"') {
                    StringBuilder unquoted = new StringBuilder();
                    int k = valueStart + 1;
                    boolean closed = false;
                    while (k < value.length()) {
                        char c = value.charAt(k);
                        if (c == '\\' && k + 1 < value.length()) {
                            unquoted.append(value.charAt(k + 1));
                            k += 2;
                        } else if (c == '"') {
                            closed = true;
                            k++;
                            break;
                        } else if (c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff)) {
                            unquoted.append(c);
                            k++;
                        } else {
                            return Optional.empty();
                        }
                    }
                    if (!closed) {
                        return Optional.empty();
                    }
                    parameterValue = unquoted.toString();
                    after = k;
                } else {
                    int k = valueStart;
                    while (k < value.length() && isTokenChar(value.charAt(k))) {
                        k++;
                    }
                    if (k == valueStart) {
                        return Optional.empty();
                    }
                    parameterValue = value.substring(valueStart, k);
                    after = k;
                }
                after = skipWhitespace(value, after);
                if (after < value.length() && value.charAt(after) != ';') {
                    return Optional.empty();
                }
                if (parameters.putIfAbsent(name, parameterValue) != null) {
                    return Optional.empty();
                }
                i = after;
            }
            return Optional.of(new MediaType(essence.substring(0, slash).toLowerCase(Locale.ROOT),
                    essence.substring(slash + 1).toLowerCase(Locale.ROOT), parameters));
        }

        private static int skipWhitespace(String value, int i) {
            while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            return i;
        }

        private static boolean isToken(String value, int from, int to) {
            if (from >= to) {
                return false;
            }
            for (int i = from; i < to; i++) {
                if (!isTokenChar(value.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private static String quoted(String value) {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }
}
