package dev.precis.config;

/**
 * How this process was started: as the service, or as the {@code eval} command (which starts the same application
 * on loopback only, for itself). Set once by {@code Main} before the application starts.
 */
public final class RunMode {

    private static volatile boolean eval;

    private RunMode() {
    }

    public static void eval() {
        eval = true;
    }

    /** Whether this is the eval command: no client can reach it, so warnings meant for a served API do not apply. */
    public static boolean isEval() {
        return eval;
    }
}
