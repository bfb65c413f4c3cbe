package dev.precis.validation;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** JSON paths such as {@code $.meetings[0].participants[1].mentions[0]}, as issues report them. */
final class JsonPath {

    private JsonPath() {
    }

    static String of(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String field(String parent, String name) {
        return parent + "." + name;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
