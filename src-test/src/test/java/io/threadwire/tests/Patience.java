package io.threadwire.tests;

import io.threadwire.distributed.NodeConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The one time budget of these tests: every receive, join and awaited condition gives up after
 * {@link #PATIENCE}, so a failure never hangs the build. Scale it on slow machines with
 * {@code -Dthreadwire.test.timeoutFactor=3}.
 */
final class Patience {
    /** Longest any single wait of a test lasts; far longer than any wait takes when all is well. */
    static final Duration PATIENCE = Duration.ofSeconds(30).multipliedBy(factor());

    private Patience() {
    }

    /**
     * Waits until {@code condition} holds, checking it every few milliseconds.
     *
     * @throws AssertionError naming {@code what} if it does not hold within {@link #PATIENCE}
     */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + PATIENCE + " waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /**
     * Gives the nodes of a test the same patience for making connections (connect and handshake
     * timeouts), so that a loaded machine slows a test down instead of failing it. Tests of
     * those timeouts set their own.
     */
    static NodeConfig.Builder tolerant(NodeConfig.Builder b) {
        return b.connectTimeout(PATIENCE).handshakeTimeout(PATIENCE);
    }

    private static long factor() {
        String f = System.getProperty("threadwire.test.timeoutFactor", "1");
        try {
            return Math.max(1, Long.parseLong(f.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threadwire.test.timeoutFactor is not a whole number: " + f, e);
        }
    }
}
