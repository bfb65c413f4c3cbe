package dev.precis.llm;

import java.util.function.Supplier;

/**
 * Marks the LLM calls of work nobody waits on at the other end of a connection (batch items): they take a turn
 * from their own bounded share, and only when no interactive call waits (see {@link AdmissionControl}). The mark is
 * inherited by the threads the work starts (the parts of a long article are extracted on threads of their own).
 */
public final class BackgroundWork {

    private static final InheritableThreadLocal<Boolean> ACTIVE = new InheritableThreadLocal<>();

    private BackgroundWork() {
    }

    public static <T> T run(Supplier<T> work) {
        Boolean before = ACTIVE.get();
        ACTIVE.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(before);
            }
        }
    }

    static boolean active() {
        return Boolean.TRUE.equals(ACTIVE.get());
    }
}
