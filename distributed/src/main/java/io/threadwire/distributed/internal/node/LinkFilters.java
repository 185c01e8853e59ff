package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.LinkFaults;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.spi.LinkFilter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The faults a test put on this node's links, by canonical peer address, and the node's
 * {@link FaultGate}, which tells the channels whether to look filters up at all.
 *
 * <p>A cut and the attaching of a channel exclude each other (one lock), so once
 * {@link #filter(NodeAddress, LinkFilter)} has returned the node holds no connection with the
 * peer and can get none: a channel attached before the cut is closed by it, one that completes
 * its handshake after it is never attached.
 */
final class LinkFilters implements LinkFaults {
    private final Map<NodeAddress, LinkFilter> byPeer = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock(); // orders filter changes with the gate's flag
    private final Addresses addresses;
    private final Peers peers;
    private final FaultGate gate;
    private final long connectTimeoutNanos;

    LinkFilters(Addresses addresses, Peers peers, FaultGate gate, long connectTimeoutNanos) {
        this.addresses = addresses;
        this.peers = peers;
        this.gate = gate;
        this.connectTimeoutNanos = connectTimeoutNanos;
    }

    /** The filter on the link to canonical address {@code peer}; never blocks. */
    LinkFilter of(NodeAddress peer) {
        return byPeer.getOrDefault(peer, LinkFilter.OPEN);
    }

    @Override
    public FaultGate gate() {
        return gate;
    }

    @Override
    public LinkFilter filterFor(NodeAddress peer) {
        return peer == null ? LinkFilter.OPEN : of(addresses.known(peer));
    }

    /** See {@link io.threadwire.distributed.spi.NodeFaults#filter(NodeAddress, LinkFilter)}. */
    void filter(NodeAddress peer, LinkFilter filter) {
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
            gate.filtered(!byPeer.isEmpty());
        } finally {
            lock.unlock();
        }
        PeerLink link = peers.existing(c);
        if (link == null) {
            return;
        }
        if (!filter.connects()) {
            link.disconnect("link cut (test hook)", System.nanoTime() + connectTimeoutNanos);
        }
    }

    /** See {@link io.threadwire.distributed.spi.NodeFaults#awaitAttemptInFlight(NodeAddress)}. */
    void awaitAttemptInFlight(NodeAddress peer) {
        PeerLink link = peers.existing(addresses.resolve(Objects.requireNonNull(peer, "peer")));
        if (link == null) {
            return;
        }
        try {
            link.awaitAttemptInFlight(System.nanoTime() + connectTimeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** The filter on the link to {@code peer}, as the node files it. */
    LinkFilter filter(NodeAddress peer) {
        Objects.requireNonNull(peer, "peer");
        return of(addresses.resolve(peer));
    }
}
