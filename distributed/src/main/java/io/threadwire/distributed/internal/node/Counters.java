package io.threadwire.distributed.internal.node;

import io.threadwire.core.spi.LocalThreads;
import java.util.concurrent.atomic.LongAdder;

/** A node's counters of messages sent, received and dropped. */
final class Counters {
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    void sent() {
        sent.increment();
    }

    void received() {
        received.increment();
    }

    void received(int n) {
        received.add(n);
    }

    /** A message reached no thread: the lookup found none. Counted here and in the JVM's count. */
    void droppedUnknown() {
        dropped.increment();
        LocalThreads.countDropped();
    }

    /**
     * {@code n} messages counted as received found their thread ended at delivery: they are drops
     * instead (core counted them in the JVM's count already).
     */
    void undelivered(int n) {
        received.add(-n);
        dropped.add(n);
    }

    /** A message whose thread had ended by delivery: core counted it in the JVM's count already. */
    void droppedUndeliverable() {
        dropped.increment();
    }

    /** A message lost with its connection as it was queued: counted here and in the JVM's count. */
    void droppedInTransit() {
        droppedInTransit(1);
    }

    /**
     * Messages lost with their connection (as they were queued, or kept for a connection that
     * could not be made): counted here and in the JVM's count.
     */
    void droppedInTransit(int messages) {
        dropped.add(messages);
        for (int i = 0; i < messages; i++) {
            LocalThreads.countDropped();
        }
    }

    long sentCount() {
        return sent.sum();
    }

    long receivedCount() {
        return received.sum();
    }

    long droppedCount() {
        return dropped.sum();
    }
}
