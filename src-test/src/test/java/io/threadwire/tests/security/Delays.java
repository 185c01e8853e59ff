package io.threadwire.tests.security;

import io.threadwire.testkit.Timeouts;
import java.time.Duration;

/**
 * The delays of the security suite that are its own (timeouts it gives the attacked node, and
 * how soon it expects that node to act), as multiples of one unit that the tests' time policy
 * scales ({@link Timeouts#scaled}). How long a test waits for anything that must happen is
 * {@link Timeouts#LONG}, as everywhere. Tests await conditions (a socket reaching end of stream,
 * a message, a latch) with these as upper bounds; nothing sleeps.
 */
final class Delays {
    /** The unit: 250 ms, scaled. */
    static final Duration UNIT = Timeouts.scaled(Duration.ofMillis(250));

    /** The attacked node's handshake timeout: an unauthenticated connection lives at most this long. */
    static final Duration HANDSHAKE_TIMEOUT = UNIT.multipliedBy(4);
    /** "Quickly": how soon a connection that broke the protocol must be closed. */
    static final Duration QUICK = UNIT.multipliedBy(8);
    /** A silent connection is closed within the handshake timeout plus this (the detector's period and scheduling). */
    static final Duration TIMEOUT_SLACK = UNIT.multipliedBy(8);

    private Delays() {
    }
}
