package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.security.HandshakeChannel;
import io.threadwire.distributed.internal.security.PeerIdentity;

/**
 * What a {@link Channel} tells the node about its life, and the two questions of its handshake.
 * The channel reaches its node only through this interface.
 */
public interface ChannelListener {

    /**
     * Dialing side, on the reader thread, at the peer's Challenge: null to go on with the
     * handshake, else why not, for the dialer's error (the dialed address and the claim, and
     * {@code Protocol}'s tie-break). May wait, within the handshake timeout.
     */
    String reasonToStop(Channel channel, PeerIdentity claimed);

    /**
     * Accepting side, on the reader thread, once the dialer proved the secret: take the
     * connection, or refuse it (a duplicate, an identity that does not hold up, too many
     * connections)? May wait, within the handshake timeout.
     */
    HandshakeChannel.Verdict mayAccept(Channel channel, PeerIdentity claimed);

    /**
     * The handshake succeeded and the channel is up; on its reader thread, which hands nothing to
     * the node before this returns (a channel that must wait for a loss to be reported is held
     * here until it is the channel in use).
     */
    void established(Channel channel);

    /**
     * A channel that was up closed; once, on its reader thread, after the reader handed the node
     * the last item it will (nothing of the channel reaches the node after this).
     */
    void closed(Channel channel, String reason);

    /** A channel closed before its handshake completed; on the closing thread, once. */
    void abandoned(Channel channel);
}
