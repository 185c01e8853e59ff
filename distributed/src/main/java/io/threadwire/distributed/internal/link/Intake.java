package io.threadwire.distributed.internal.link;

import io.threadwire.core.spi.HandoffQueue;
import io.threadwire.distributed.internal.transport.InboundFrame;
import io.threadwire.distributed.internal.transport.ReadGate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames of one channel between the network thread, which copies them in, and the reader,
 * which takes them out: receive-side back-pressure. Past {@link #PAUSE_BYTES} waiting (each frame
 * counted its body and {@link #FRAME_COST}), reading
 * from the connection pauses (see {@link ReadGate}) until the reader is below
 * {@link #RESUME_BYTES}; past {@link #HARD_LIMIT} (pausing failed, or the peer ignores TCP) the
 * peer is cut off.
 */
final class Intake {
    /**
     * Bytes received and not yet handled past which reading pauses, and below which it resumes.
     * Whatever waits here, a small item that arrives behind it waits for too (the reader cannot
     * tell whose it is): with a stream of 16 MiB messages, 1 MiB kept the p99 of small calls on
     * the same connection 0.5 to 3.7 ms below 4 MiB's in each of 10 runs in two sittings
     * ({@code threadwire-head-of-line}, alternately), while the stream moved up to 13 % less.
     * A peer's frames also hold less of this node's memory.
     */
    static final long PAUSE_BYTES = 1 << 20;
    static final long RESUME_BYTES = 256 << 10;
    /** Bytes waiting past which the peer is cut off. */
    static final long HARD_LIMIT = 64 << 20;
    /**
     * What a frame is counted besides its body: about what it holds of the heap while it waits
     * (the frame, its array's header, the queue's node). So a peer that sends empty or one-byte
     * frames is paused after some 16,000 of them, as one that sends 1 MiB is, rather than never.
     */
    static final int FRAME_COST = 64;

    /** What the network thread does after handing a frame in. */
    enum Verdict {
        /** Go on reading. */
        READ_ON,
        /** Go on reading; reading had paused and resumed at once: pump what KryoNet buffered. */
        RESUMED,
        /** Stop reading until the reader catches up. */
        PAUSE,
        /** The peer sent far more than it was let: cut it off. */
        OVERRUN
    }

    private final HandoffQueue inbox = new HandoffQueue();
    private final AtomicLong waiting = new AtomicLong();
    private final ReadGate gate;

    Intake(ReadGate gate) {
        this.gate = gate;
    }

    /** A frame a test's delay holds back: the reader takes it no earlier than {@code readAt} ({@code System.nanoTime()}). */
    record Held(InboundFrame frame, long readAt) {
    }

    /** Network thread: queues a frame for the reader. */
    Verdict offer(InboundFrame frame) {
        return queue(frame, cost(frame));
    }

    /** Network thread: queues a frame the reader may take only at {@code readAt}. */
    Verdict offerHeld(InboundFrame frame, long readAt) {
        return queue(new Held(frame, readAt), cost(frame));
    }

    private static int cost(InboundFrame frame) {
        return frame.body().length + FRAME_COST;
    }

    private Verdict queue(Object frame, int bytes) {
        long w = waiting.addAndGet(bytes);
        inbox.put(frame);
        if (w > HARD_LIMIT) {
            return Verdict.OVERRUN;
        }
        if (w > PAUSE_BYTES) {
            gate.pause(); // back-pressure: TCP stops the sender until the reader catches up
            if (waiting.get() < RESUME_BYTES && gate.resume()) {
                // the reader caught up between the count and the pause, and may be waiting for
                // frames that a paused connection will never bring: undone here, and the caller
                // pumps what is buffered
                return Verdict.RESUMED;
            }
            return Verdict.PAUSE;
        }
        return Verdict.READ_ON;
    }

    /** Puts a marker (stop, disconnected) behind every frame queued before. */
    void mark(Object marker) {
        inbox.put(marker);
    }

    /** Reader only: the next frame or marker, waiting as long as it takes. */
    Object take() {
        return inbox.take(HandoffQueue.NO_DEADLINE);
    }

    /** Reader only: {@code frame} was handled; true if reading was paused and has just resumed. */
    boolean handled(InboundFrame frame) {
        long w = waiting.addAndGet(-cost(frame));
        return w < RESUME_BYTES && gate.isPaused() && gate.resume();
    }

    /** Bytes waiting for the reader. */
    long waiting() {
        return waiting.get();
    }

    boolean isPaused() {
        return gate.isPaused();
    }
}
