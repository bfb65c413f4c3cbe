package dev.precis.support;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Everything logged (messages, parameters and stack traces) while it runs, for tests that look for leaks. */
public final class LogCapture extends Handler {

    private final List<String> lines = new ArrayList<>();
    private final List<String> alarms = new ArrayList<>();

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public void stop() {
        Logger.getLogger("").removeHandler(this);
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }

    /** Records logged at ERROR (SEVERE) or with a stack trace: what no client mistake may cause. */
    public synchronized List<String> errorsAndStackTraces() {
        return List.copyOf(alarms);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                line.append(" | ").append(parameter);
            }
        }
        for (Throwable thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
            line.append(" | ").append(thrown);
        }
        lines.add(line.toString());
        if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() || record.getThrown() != null) {
            alarms.add(record.getLoggerName() + ": " + line);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
