package dev.precis.deadline;

/** The client went away; the work for it, LLM calls included, has been stopped. */
public class RequestCancelledException extends RuntimeException {

    public RequestCancelledException() {
        super("request cancelled by the client");
    }
}
