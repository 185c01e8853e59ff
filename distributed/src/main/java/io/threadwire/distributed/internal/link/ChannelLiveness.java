package io.threadwire.distributed.internal.link;

/**
 * What the node's failure detector reads of a channel: when the peer was last heard, and whether
 * its silence is this node's own doing. Read from any thread; never blocks.
 */
public interface ChannelLiveness {

    /**
     * When the last authenticated frame was read (or reading resumed after a pause of ours):
     * KeepAlives and frames not yet opened are no sign of life.
     */
    long lastReceived();

    /**
     * Whether this node stopped reading the connection, or frames wait for the channel's reader:
     * the peer's silence then says nothing about the peer.
     */
    boolean silenceIsOurs();
}
