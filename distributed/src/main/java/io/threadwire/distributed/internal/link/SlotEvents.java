package io.threadwire.distributed.internal.link;

/**
 * What a {@link PeerSlot}'s owner does at each step of the slot's state machine: the slot
 * reaches up only through this interface. {@link #takeLost} and {@link #reportUp} run under
 * the slot's lock and must not block; {@link #reportLost} and {@link #dropped} run outside it,
 * and no channel is installed until the report returns; {@link #dial} starts an attempt on a
 * thread of its own, which ends with {@link PeerSlot#attemptEnded}.
 *
 * @param <C> the channel type
 * @param <L> what a loss takes along (the watches that must fire)
 */
public interface SlotEvents<C, L> {

    /** A channel was lost (or an attempt failed): take what must be reported, atomically with the loss. */
    L takeLost();

    /** Reports a loss: fire the watches taken, tell the node's watchers. */
    void reportLost(L taken, String reason);

    /** A channel was installed: tell the node's watchers. */
    void reportUp(C channel);

    /** Starts a connection attempt. */
    void dial(ConnectAttempt attempt);

    /** {@code messages} application items kept for an attempt that failed were dropped. */
    void dropped(int messages);
}
