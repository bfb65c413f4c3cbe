package dev.precis.api;

import dev.precis.digest.InvalidRequestException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * Decodes a text body in the charset it declares (UTF-8 when it declares none), refusing malformed bytes. The
 * lenient default would replace them with U+FFFD and digest a quietly damaged article whose offsets no longer
 * match what the client holds.
 */
final class StrictText {

    private StrictText() {
    }

    static String decode(byte[] body, MediaType type) {
        Charset charset = charsetOf(type);
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("The body is not valid " + charset.name() + ".");
        }
    }

    private static Charset charsetOf(MediaType type) {
        String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new NotSupportedException("unknown charset");
        }
    }
}
