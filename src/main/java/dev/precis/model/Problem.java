package dev.precis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 (ex-7807) problem: {@code type} is a stable identifier clients can match on; {@code detail} is a
 * sentence for humans. Never a stack trace, class name or backend URL.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem")
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The same problem with another detail. */
    public Problem with(String otherDetail) {
        return new Problem(type, title, status, otherDetail);
    }
}
