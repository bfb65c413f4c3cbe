package dev.precis.deadline;

/**
 * Where long CPU work asks whether it should go on: a request whose client has gone (its thread interrupted) or whose
 * deadline has passed stops at the next checkpoint, however hostile the text it was working on. Blocking steps stop
 * on their own (they wait no longer than the deadline and wake on interrupt); loops over text call {@link #check()}.
 */
public final class Checkpoint {

    /** For work with no request behind it (tests, the evaluation of a gold set): never stops. */
    public static final Checkpoint NONE = new Checkpoint(null);

    private final Deadline deadline;

    private Checkpoint(Deadline deadline) {
        this.deadline = deadline;
    }

    /** Stops work for the calling thread's request at its deadline, or when the thread is interrupted. */
    public static Checkpoint of(Deadline deadline) {
        return new Checkpoint(deadline);
    }

    /**
     * @throws RequestCancelledException when the calling thread was interrupted (the client went away)
     * @throws DeadlineExceededException when the deadline has passed
     */
    public void check() {
        if (deadline == null) {
            return;
        }
        // The deadline first: its timer interrupts the thread too, and that is a 504, not a departed client.
        if (deadline.expired()) {
            throw new DeadlineExceededException();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new RequestCancelledException();
        }
    }
}
