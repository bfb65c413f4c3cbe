package dev.precis.digest;

/** The model's answers could not be used, even after the allowed repairs. */
public class UnusableAnswerException extends RuntimeException {

    private final int llmCalls;

    public UnusableAnswerException(String message, int llmCalls) {
        super(message);
        this.llmCalls = llmCalls;
    }

    public int llmCalls() {
        return llmCalls;
    }
}
