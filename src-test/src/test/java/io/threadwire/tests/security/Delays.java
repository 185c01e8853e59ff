package io.threadwire.tests.security;

import java.time.Duration;

/**
 * Every delay of the security suite, as multiples of one scaled constant: run the suite with
 * {@code -Dthreadwire.test.timeScale=4} on a slow machine. Tests await conditions (a socket
 * reaching end of stream, a message, a latch) with these as upper bounds; nothing sleeps.
 */
final class Delays {
    /** The one constant: 250 ms times the scale. */
    static final Duration UNIT = Duration.ofMillis(250 * Long.getLong("threadwire.test.timeScale", 1));

    /** The attacked node's handshake timeout: an unauthenticated connection lives at most this long. */
    static final Duration HANDSHAKE_TIMEOUT = UNIT.multipliedBy(4);
    /** "Quickly": how soon a connection that broke the protocol must be closed. */
    static final Duration QUICK = UNIT.multipliedBy(8);
    /** A silent connection is closed within the handshake timeout plus this (the detector's period and scheduling). */
    static final Duration TIMEOUT_SLACK = UNIT.multipliedBy(8);
    /** How long anything that should happen may take (messages, connections). */
    static final Duration PATIENCE = UNIT.multipliedBy(120);

    private Delays() {
    }
}
