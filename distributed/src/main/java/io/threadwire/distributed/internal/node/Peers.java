package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.Dialer;
import io.threadwire.distributed.internal.link.PeerHost;
import io.threadwire.distributed.internal.link.PeerLink;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The links of this node, one per other node, by canonical address ({@link Addresses}). */
final class Peers {
    private final Map<NodeAddress, PeerLink> byAddress = new ConcurrentHashMap<>();
    private final Dialer dialer;
    private final PeerHost host;
    private final long connectTimeoutNanos;
    private final long keptDataLimit;

    Peers(Dialer dialer, PeerHost host, long connectTimeoutNanos, long keptDataLimit) {
        this.dialer = dialer;
        this.host = host;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.keptDataLimit = keptDataLimit;
    }

    /** The link to the node at canonical address {@code node}, made on first use. */
    PeerLink of(NodeAddress node) {
        return byAddress.computeIfAbsent(node, a -> new PeerLink(a, dialer, host, connectTimeoutNanos, keptDataLimit));
    }

    /** The link to the node at canonical address {@code node}, or null. */
    PeerLink existing(NodeAddress node) {
        return byAddress.get(node);
    }

    /** Files {@code link} under a second address too (a node that calls itself by another name); false if one was there. */
    boolean alias(NodeAddress other, PeerLink link) {
        PeerLink previous = byAddress.putIfAbsent(other, link);
        return previous == null || previous == link;
    }

    /** Every link (a snapshot; a link filed under two addresses appears once). */
    Set<PeerLink> all() {
        return Set.copyOf(byAddress.values());
    }
}
