package io.threadwire.core.internal;

import java.util.concurrent.atomic.LongAdder;

/** JVM-wide counters of messages that went nowhere. */
public final class Stats {
    private static final LongAdder DROPPED = new LongAdder();
    private static final LongAdder LATE_REPLIES = new LongAdder();

    private Stats() {
    }

    /** A message for a thread that had ended, or for no thread at all, was discarded. */
    public static void dropped() {
        DROPPED.increment();
    }

    static void dropped(int count) {
        DROPPED.add(count);
    }

    /** A reply arrived after its caller had stopped waiting, and was discarded. */
    static void lateReply() {
        LATE_REPLIES.increment();
    }

    public static long droppedMessages() {
        return DROPPED.sum();
    }

    public static long lateReplies() {
        return LATE_REPLIES.sum();
    }
}
