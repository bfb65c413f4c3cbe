package dev.precis.deadline;

/** The request's overall deadline ran out before an answer was ready. */
public class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException() {
        super("request deadline exceeded");
    }
}
