package dev.precis.support;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Says on the console why a test did not run — disabled, or an assumption not met (no kubectl, no Chromium) — where
 * Maven's summary would only count it. Registered in META-INF/services for every test run.
 */
public class SkipReasons implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.out.println("[SKIPPED] " + name(test) + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            System.out.println("[SKIPPED] " + name(test) + ": "
                    + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static String name(TestIdentifier test) {
        return test.getSource().map(source -> source instanceof MethodSource method
                ? method.getClassName().replaceFirst(".*\\.", "") + "." + method.getMethodName()
                : source instanceof ClassSource type ? type.getClassName().replaceFirst(".*\\.", "") : test.getDisplayName())
                .orElse(test.getDisplayName());
    }
}
