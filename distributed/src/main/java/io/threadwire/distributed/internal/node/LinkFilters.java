package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.distributed.spi.NodeFaults;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The faults a test put on this node's links ({@link NodeFaults}), by canonical peer address. */
final class LinkFilters implements NodeFaults {
    private final Map<NodeAddress, LinkFilter> byPeer = new ConcurrentHashMap<>();
    private final Addresses addresses;
    private final Peers peers;
    private final long connectTimeoutNanos;

    LinkFilters(Addresses addresses, Peers peers, long connectTimeoutNanos) {
        this.addresses = addresses;
        this.peers = peers;
        this.connectTimeoutNanos = connectTimeoutNanos;
    }

    /** The filter on the link to canonical address {@code peer}; never blocks. */
    LinkFilter of(NodeAddress peer) {
        return byPeer.getOrDefault(peer, LinkFilter.OPEN);
    }

    @Override
    public void filter(NodeAddress peer, LinkFilter filter) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(filter, "filter");
        NodeAddress c = addresses.resolve(peer);
        if (filter == LinkFilter.OPEN) {
            byPeer.remove(c);
        } else {
            byPeer.put(c, filter);
        }
        if (!filter.connects()) {
            PeerLink link = peers.existing(c);
            if (link != null) {
                link.disconnect("link cut (test hook)", System.nanoTime() + connectTimeoutNanos);
            }
        }
    }

    @Override
    public LinkFilter filter(NodeAddress peer) {
        Objects.requireNonNull(peer, "peer");
        return of(addresses.resolve(peer));
    }
}
