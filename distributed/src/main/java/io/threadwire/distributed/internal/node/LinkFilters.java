package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.distributed.spi.NodeFaults;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The faults a test put on this node's links ({@link NodeFaults}), by canonical peer address.
 *
 * <p>A cut and the attaching of a channel exclude each other (one lock), so once
 * {@link #filter} has returned the node holds no connection with the peer and can get none: a
 * channel attached before the cut is closed by it, one that completes its handshake after it is
 * never attached.
 */
final class LinkFilters implements NodeFaults {
    private final Map<NodeAddress, LinkFilter> byPeer = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
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
        lock.lock();
        try {
            if (filter == LinkFilter.OPEN) {
                byPeer.remove(c);
            } else {
                byPeer.put(c, filter);
            }
        } finally {
            lock.unlock();
        }
        if (!filter.connects()) {
            PeerLink link = peers.existing(c);
            if (link != null) {
                link.disconnect("link cut (test hook)", System.nanoTime() + connectTimeoutNanos);
            }
        }
    }

    /**
     * Attaches a channel that completed its handshake ({@code attach}, which never blocks, says
     * whether it waits as a successor), unless the link to {@code peer} is cut: then returns
     * null and attaches nothing.
     */
    Boolean attachIfConnected(NodeAddress peer, BooleanSupplier attach) {
        lock.lock();
        try {
            return of(peer).connects() ? attach.getAsBoolean() : null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LinkFilter filter(NodeAddress peer) {
        Objects.requireNonNull(peer, "peer");
        return of(addresses.resolve(peer));
    }
}
