package io.threadwire.tests.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** The one scaled timeout of the cross-node tests, and a wait for a condition no message announces. */
public final class Waits {
    /** How long any wait may take before the test fails: generous, so a loaded machine never flakes. */
    public static final Duration LONG = Duration.ofSeconds(Long.getLong("threadwire.test.seconds", 30));

    private Waits() {
    }

    /**
     * Waits until {@code condition} holds (checking every millisecond), for at most {@link #LONG};
     * for counters and sets that change without sending a message.
     *
     * @throws AssertionError naming {@code what} if it never holds
     */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not true after " + LONG.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
