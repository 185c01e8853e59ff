package io.threadwire.distributed.internal.link;

/**
 * What a {@link PeerSlot} needs of a channel ({@link Channel}; a fake in tests). Every method may
 * be called from any thread.
 */
public interface SlotChannel {
    boolean isClosed();

    /** The channel and how its traffic stands, in words, for a test's failure message. */
    default String describe() {
        return toString();
    }

    /** Closes the channel, once, without blocking. */
    void close(String reason);

    /** Queues a protocol item; may wait for room only when called by the channel's own reader. */
    void sendControl(byte[] item);

    /**
     * Sends a protocol item that can wait for the channel's next frame (the end of a watch, or a
     * call's watch, whose request follows) with that frame, if it may (see
     * {@code ChannelWriter#linger}); else as {@link #sendControl}.
     */
    default void sendLazily(byte[] item) {
        sendControl(item);
    }

    /** Queues a protocol item without waiting, whoever calls. */
    default void forceControl(byte[] item) {
        sendControl(item);
    }

    /**
     * Queues a signal without waiting, whoever calls, as {@link #forceControl} does, encoded with
     * a compact reason if the peer has a backlog already (see {@code ChannelSender}).
     */
    default void forceSignal(Signal signal) {
        forceControl(signal.encode(false));
    }

    /** A signal ({@code Down} or link exit) to encode, with its reason whole or compact. */
    @FunctionalInterface
    interface Signal {
        byte[] encode(boolean compactReason);
    }

    /**
     * Queues an application item without waiting (one kept while the channel was being made),
     * encoded again by {@code again} (null: as it is) if the peer admits other types than this node.
     */
    default void forceData(byte[] item, DataEncoder again) {
        forceControl(item);
    }
}
