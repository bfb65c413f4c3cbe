package dev.precis.api;

import dev.precis.digest.InvalidRequestException;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;

/** Strict reading of query parameters: a misspelt option or a value like "yes" is an error, not a silent default. */
final class QueryParams {

    private QueryParams() {
    }

    static void requireOnly(UriInfo uri, Set<String> allowed) {
        for (var parameter : uri.getQueryParameters().entrySet()) {
            if (!allowed.contains(parameter.getKey())) {
                throw new InvalidRequestException("Unknown query parameter '" + parameter.getKey() + "'.");
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidRequestException("Query parameter '" + parameter.getKey() + "' is given "
                        + parameter.getValue().size() + " times; give it once.");
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
