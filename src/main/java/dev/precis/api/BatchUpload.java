package dev.precis.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precis.batch.Batches;
import dev.precis.digest.InvalidRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the items of a batch body — JSON Lines (one request object per line; blank lines ignored) or a JSON array
 * of request objects — each exactly as strictly as the body of {@code POST /v1/digests} (unknown fields, wrong types,
 * duplicate keys, unpaired surrogates refused), plus an optional caller {@code id} (a string of at most 200
 * characters, or an integer). Each problem names its line (JSON Lines) or item (array). Linear in the body: each
 * line or element is parsed once, and never more than one item's tree is held. The body is read from the file it was
 * received into (mapped, not loaded: a 32 MiB batch costs no heap beyond the item being read).
 */
final class BatchUpload {

    static final int MAX_ID_CHARS = 200;
    /** One element of an array at a time: the rest of the array follows it, so no "trailing tokens" check here. */
    private static final com.fasterxml.jackson.databind.ObjectReader ELEMENT = StrictJsonReader.STRICT
            .readerFor(JsonNode.class).without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BatchUpload() {
    }

    /**
     * @param includeTranslation the batch's option, for items that do not say
     */
    static Batches.ItemSource of(java.nio.file.Path file, boolean jsonLines, boolean includeTranslation) {
        return items -> {
            ByteBuffer body;
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                body = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, channel.size());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!validUtf8(body.duplicate())) {
                items.invalid("body", "the body is not valid UTF-8");
                return;
            }
            if (jsonLines) {
                lines(body, includeTranslation, items);
            } else {
                array(body, includeTranslation, items);
            }
        };
    }

    private static void lines(ByteBuffer body, boolean includeTranslation, Batches.Items items) {
        int length = body.limit();
        int start = 0;
        int number = 0;
        while (start < length) {
            int end = start;
            while (end < length && body.get(end) != '\n') {
                end++;
            }
            number++;
            int stop = end > start && body.get(end - 1) == '\r' ? end - 1 : end;
            String line = StandardCharsets.UTF_8.decode(body.slice(start, stop - start)).toString();
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!line.isBlank()) {
                String where = "line " + number;
                JsonNode tree;
                try {
                    tree = StrictJsonReader.STRICT.readTree(line);
                } catch (JsonProcessingException e) {
                    items.invalid(where, StrictJsonReader.problemWith(e).replace("The body", "The line")
                            .replace("The JSON body", "The line"));
                    start = end + 1;
                    continue;
                }
                item(where, tree, includeTranslation, items);
            }
            start = end + 1;
        }
    }

    private static void array(ByteBuffer body, boolean includeTranslation, Batches.Items items) {
        try (JsonParser parser = StrictJsonReader.STRICT.getFactory().createParser(new ByteBufferInput(body))) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                items.invalid("body", "a JSON batch is an array of request objects, [{\"text\": \"...\"}, ...]; or send "
                        + "JSON Lines as application/x-ndjson");
                return;
            }
            int number = 0;
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    break;
                }
                number++;
                JsonNode tree = ELEMENT.readValue(parser);
                item("item " + number, tree, includeTranslation, items);
            }
            if (parser.nextToken() != null) {
                items.invalid("body", "there is content after the array");
            }
        } catch (JsonProcessingException e) {
            items.invalid("body", StrictJsonReader.problemWith(e) + " (" + e.getOriginalMessage().lines().findFirst()
                    .orElse("") .replaceAll("[^\\p{Print}]", "?") + ")");
        } catch (IOException e) {
            items.invalid("body", "the body could not be read");
        }
    }

    private static void item(String where, JsonNode tree, boolean includeTranslation, Batches.Items items) {
        if (tree == null || !tree.isObject()) {
            items.invalid(where, "each item must be a JSON object with a 'text' field");
            return;
        }
        ObjectNode object = (ObjectNode) tree;
        String id;
        try {
            id = idOf(object.remove("id"));
        } catch (InvalidRequestException e) {
            items.invalid(where, e.getMessage());
            return;
        }
        items.item(where, id, () -> {
            DigestRequestBody body = StrictJsonReader.bodyOf(object);
            if (body.includeTranslation() == null && includeTranslation) {
                body = new DigestRequestBody(body.text(), body.title(), body.publishedAt(), body.sourceLanguage(), true,
                        body.glossary(), body.glossaryEntries());
            }
            return body.toRequest(null);
        });
    }

    /** The caller's id as JSON text (a quoted string or an integer), null when none was given. */
    private static String idOf(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return Long.toString(id.longValue()); // kept as JSON: an integer comes back an integer
        }
        if (!id.isTextual() || id.textValue().isEmpty() || id.textValue().length() > MAX_ID_CHARS
                || id.textValue().codePoints().anyMatch(Character::isISOControl)
                || dev.precis.grounding.Surrogates.firstUnpaired(id.textValue()) >= 0) {
            throw new InvalidRequestException("'id' must be a string of 1 to " + MAX_ID_CHARS + " characters (valid "
                    + "Unicode, no control characters), or an integer.");
        }
        return id.toString(); // as JSON text: a string comes back a string
    }

    /** A mapped body as a stream, for the JSON parser. */
    private static final class ByteBufferInput extends java.io.InputStream {
        private final ByteBuffer buffer;

        ByteBufferInput(ByteBuffer buffer) {
            this.buffer = buffer.duplicate();
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(into, offset, n);
            return n;
        }
    }

    /** Strict UTF-8 over the whole body, without holding it decoded. */
    static boolean validUtf8(ByteBuffer in) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            out.clear();
            if (result.isUnderflow()) {
                break;
            }
        }
        CoderResult flushed = decoder.flush(out);
        return !flushed.isError();
    }
}
