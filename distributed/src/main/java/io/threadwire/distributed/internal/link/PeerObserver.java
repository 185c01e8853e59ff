package io.threadwire.distributed.internal.link;

/**
 * What the node hears about its peers as a whole, from each {@link PeerLink}, in the order of
 * the link's {@link PeerSlot}: per peer, {@code up} and {@code down} alternate, and a
 * {@code down} comes after everything that arrived on the lost channel was handed to the node
 * and before anything of the next channel.
 */
public interface PeerObserver {

    /** {@code channel} was installed as the link's channel; under the slot's lock: must not block. */
    void up(PeerLink link, Channel channel);

    /** The installed {@code channel} was lost; before any other channel of the link is installed. */
    void down(PeerLink link, Channel channel, String reason);
}
