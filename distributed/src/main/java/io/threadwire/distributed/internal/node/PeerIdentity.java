package io.threadwire.distributed.internal.node;

import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.link.RemoteEnd;

/**
 * Who a peer is, as this node tells the cluster services: the one place that turns a link and
 * its channel into a {@link PeerInfo}. The address is the one the link is filed under (the
 * address this node reaches the peer at); name and hidden flag are those the peer's handshake
 * gives ("" and false from a handshake that carries none).
 */
final class PeerIdentity {
    private PeerIdentity() {
    }

    static PeerInfo of(PeerLink link, Channel channel) {
        RemoteEnd peer = channel.remote();
        return new PeerInfo(link.address(), peer.incarnation(), peer.name(), peer.hidden());
    }
}
