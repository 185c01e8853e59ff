package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.wire.Wire;

/**
 * Where a channel's reader hands each item that arrived (fragments already put together), in
 * the order they were sent. Runs on the channel's reader thread; a {@code ProtocolException}
 * or {@code MalformedMessageException} thrown here closes that channel only.
 */
@FunctionalInterface
public interface ItemHandler {
    void handle(Channel channel, Wire.Item item);

    /**
     * Delivers the messages {@link #handle} held back ({@link HeldDeliveries}): called by the
     * reader when a frame is done, and before it gives back the memory their decoding took.
     */
    default void flush(Channel channel) {
    }

    /**
     * Whether {@code send} may be for one of the node's services whose messages from one channel
     * the reader bounds ({@link ServiceBacklog}: those that answer peers); never false for one.
     * Cheap: asked of every message before it is decoded.
     */
    default boolean mayBeForService(Wire.Send send) {
        return false;
    }
}
