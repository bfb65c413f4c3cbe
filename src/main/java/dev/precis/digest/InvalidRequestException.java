package dev.precis.digest;

/** A request the pipeline refuses before any LLM call; the message names the field and is safe to show. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
