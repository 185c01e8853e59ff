package io.threadwire.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The one time policy of threadwire's tests (and of yours, if you like it): how long a test
 * waits for something that must happen before it fails, scaled for slow machines by one system
 * property, and a wait for a condition that no message announces.
 *
 * <p>Every bound here matters only when a test is failing: a wait ends as soon as what it
 * waits for happens. On a slow or loaded machine run the tests with
 * {@code -Dthreadwire.test.timeScale=3} ({@link #SCALE_PROPERTY}, a positive number, default 1):
 * it multiplies {@link #LONG}, {@link #PROMPT} and every {@link #scaled} delay.
 *
 * <p>This class depends on the JDK alone. Its one source file is compiled into the test kit and
 * also into the tests of the modules below the test kit (core, serialize, distributed), which
 * cannot depend on it, so that every test of the project follows the same policy.
 */
public final class Timeouts {
    /** The system property that scales every timeout: a positive number, default 1. */
    public static final String SCALE_PROPERTY = "threadwire.test.timeScale";

    /** The factor read from {@link #SCALE_PROPERTY} when this class was loaded. */
    public static final double SCALE = readScale(System.getProperty(SCALE_PROPERTY, "1"));

    /**
     * How long a test waits for anything that must happen (a message, a {@code Down}, a
     * connection, a thread's end) before it fails: 30 seconds times {@link #SCALE}.
     */
    public static final Duration LONG = scaled(Duration.ofSeconds(30));

    /**
     * "Far less than {@link #LONG}": the bound within which something that must happen at once,
     * not at a timeout, has to happen (a call to a thread that is gone fails promptly, not after
     * its timeout of {@link #LONG}). A quarter of {@link #LONG}.
     */
    public static final Duration PROMPT = LONG.dividedBy(4);

    /**
     * A wait that is meant to expire (a receive that must time out, a check that nothing more
     * arrives): 100 ms, not scaled, because its length never decides whether a test passes,
     * only how long it takes.
     */
    public static final Duration SHORT = Duration.ofMillis(100);

    private static final long FIRST_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Timeouts() {
    }

    /**
     * {@code base} times {@link #SCALE}: for a delay of a test's own that must grow on a slow
     * machine, such as a handshake timeout the test gives a node.
     *
     * @throws NullPointerException if {@code base} is null
     */
    public static Duration scaled(Duration base) {
        return Duration.ofNanos(Math.round(base.toNanos() * SCALE));
    }

    /**
     * Waits until {@code condition} holds, for at most {@link #LONG}: for counters, sets and
     * states that change without sending the test a message (a message is better awaited with
     * {@code receive(..., LONG)}). Checks the condition on the calling thread, at once and then
     * every few milliseconds; returns as soon as it holds.
     *
     * @param condition what must become true; called on the calling thread, many times
     * @param what      the condition in words, for the failure message ("node B counts the message as dropped")
     * @throws AssertionError naming {@code what} if the condition does not hold within {@link #LONG}
     * @throws NullPointerException if an argument is null
     */
    public static void await(BooleanSupplier condition, String what) {
        if (condition == null || what == null) {
            throw new NullPointerException(condition == null ? "condition" : "what");
        }
        long deadline = System.nanoTime() + LONG.toNanos();
        long pause = FIRST_POLL_NANOS; // short at first: most conditions hold within a millisecond or two
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + LONG.toSeconds() + " s (" + SCALE_PROPERTY + "=" + SCALE
                        + ") waiting until " + what);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(MAX_POLL_NANOS, pause * 2);
        }
    }

    private static double readScale(String value) {
        double scale;
        try {
            scale = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SCALE_PROPERTY + " must be a positive number, such as 3, not '" + value + "'", e);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(SCALE_PROPERTY + " must be a positive number, such as 3, not '" + value + "'");
        }
        return scale;
    }
}
