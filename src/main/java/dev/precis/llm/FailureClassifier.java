package dev.precis.llm;

import dev.langchain4j.exception.HttpException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Turns whatever the chat-model client threw into an {@link LlmCallException}. The client reports HTTP errors as
 * langchain4j exceptions carrying the status, but timeouts and broken connections arrive as various wrapped I/O
 * exceptions, so the whole cause chain is examined.
 */
final class FailureClassifier {

    private FailureClassifier() {
    }

    static LlmCallException classify(RuntimeException thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                return fromStatus(http.statusCode(), thrown);
            }
            if (isTimeout(cause)) {
                return new LlmCallException(LlmFailure.TIMEOUT, null, "LLM call timed out", thrown);
            }
            if (isConnectionFailure(cause)) {
                return new LlmCallException(LlmFailure.UNREACHABLE, null, "LLM backend unreachable", thrown);
            }
        }
        return new LlmCallException(LlmFailure.MALFORMED, null, "LLM backend sent an unusable response", thrown);
    }

    private static LlmCallException fromStatus(int status, Throwable thrown) {
        LlmFailure failure;
        if (status == 408) {
            failure = LlmFailure.TIMEOUT;
        } else if (status == 429 || status >= 500) {
            failure = LlmFailure.OVERLOADED;
        } else {
            failure = LlmFailure.REJECTED;
        }
        return new LlmCallException(failure, status, "LLM backend answered HTTP " + status, thrown);
    }

    private static boolean isTimeout(Throwable cause) {
        String name = cause.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return name.contains("timeout");
    }

    private static boolean isConnectionFailure(Throwable cause) {
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException || cause instanceof ClosedChannelException) {
            return true;
        }
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("connection reset") || message.contains("connection was closed")
                || message.contains("connection refused") || message.contains("connection closed");
    }
}
