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
}
