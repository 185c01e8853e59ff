package io.threadwire.core;

import java.time.Duration;

/**
 * The delays of the core tests.
 *
 * <p>{@link #LONG} is the one scaled constant: every wait for something that must happen uses
 * it, so that it only matters when a test is failing. Scale it on a slow machine with
 * {@code -Dthreadwire.test.timeoutFactor=N}.
 */
final class Timeouts {
    private static final long FACTOR = Long.getLong("threadwire.test.timeoutFactor", 1);

    /** How long a test waits for anything that must happen: a message, a Down, a thread's end. */
    static final Duration LONG = Duration.ofSeconds(20).multipliedBy(FACTOR);

    /**
     * "Far less than {@link #LONG}": the bound under which a failure that must come at once
     * (not at a timeout) has to arrive.
     */
    static final Duration PROMPT = LONG.dividedBy(4);

    /**
     * A wait that is meant to expire (a receive that must time out). Its length never decides
     * a test's outcome, only how long the test takes, so it is not scaled.
     */
    static final Duration SHORT = Duration.ofMillis(100);

    private Timeouts() {
    }
}
