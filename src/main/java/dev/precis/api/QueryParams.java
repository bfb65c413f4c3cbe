package dev.precis.api;

import dev.precis.digest.InvalidRequestException;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;

/** Strict reading of query parameters: a misspelt option or a value like "yes" is an error, not a silent default. */
final class QueryParams {

    private QueryParams() {
    }

    static void requireOnly(UriInfo uri, Set<String> allowed) {
        for (String name : uri.getQueryParameters().keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidRequestException("Unknown query parameter '" + name + "'.");
            }
        }
    }

    static boolean flag(String name, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException("'" + name + "' must be true or false.");
        };
    }
}
