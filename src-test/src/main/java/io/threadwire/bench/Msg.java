package io.threadwire.bench;

import io.threadwire.core.ThreadRef;

/** The messages of the benchmark protocol (PROTOCOL.md of the peer benchmarks), plus one set-up message. */
final class Msg {
    private Msg() {
    }

    /** The text every {@link Data} carries. */
    static final String TEXT = "hello";

    /** The message of the local benchmarks. */
    record Ping(long seq) {
    }

    /** The message of the remote benchmarks, both directions: one long and the string {@link #TEXT}. */
    record Data(long seq, String text) {
    }

    /** The sink's cumulative count of {@link Data}, sent back after every {@link Window#ACK_EVERY}th. */
    record Ack(long count) {
    }

    /**
     * Set-up, not timed: tells a receiver which thread of the driver to answer (the sink's
     * {@link Ack}s, the plain echo's replies). threadwire has no implicit sender, so the driver
     * sends the handle once, before any {@link Data}; being from the same thread to the same
     * thread, it arrives first.
     */
    record Hello(ThreadRef from) {
    }

    /**
     * A small message sent at a fixed interval alongside a bulk transfer: the receiver notes how
     * late each one arrives, as the failure detector would note a late heartbeat.
     */
    record Tick(long seq) {
    }
}
