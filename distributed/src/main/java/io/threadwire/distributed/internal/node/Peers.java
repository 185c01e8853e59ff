package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.Dialer;
import io.threadwire.distributed.internal.link.PeerHost;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.link.PeerStateMemory;
import io.threadwire.distributed.internal.link.PeerObserver;
import io.threadwire.distributed.internal.link.SlotRetiredException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The links of this node, one per other node, by canonical address ({@link Addresses}). A link
 * that has had nothing to do for a while (no connection, no attempt, no watches either way, no
 * state of the peer's) is forgotten ({@link #forgetIdle}), so that addresses named once (by a
 * handle in a message, a failed dial, a claim in a handshake) do not pile up. A caller that
 * holds a link as it is forgotten gets {@link SlotRetiredException} from it and looks it
 * up again: {@link #with} does that.
 */
final class Peers {
    private final Map<NodeAddress, PeerLink> byAddress = new ConcurrentHashMap<>();
    private final Dialer dialer;
    private final PeerHost host;
    private final long connectTimeoutNanos;
    private final long keptDataLimit;
    private final long budgetBytes;
    private final PeerStateMemory allPeers;
    private final PeerObserver observer;

    Peers(Dialer dialer, PeerHost host, long connectTimeoutNanos, long keptDataLimit, long budgetBytes,
          PeerStateMemory allPeers, PeerObserver observer) {
        this.dialer = dialer;
        this.host = host;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.keptDataLimit = keptDataLimit;
        this.budgetBytes = budgetBytes;
        this.allPeers = allPeers;
        this.observer = observer;
    }

    /** The link to the node at canonical address {@code node}, made on first use. */
    PeerLink of(NodeAddress node) {
        return byAddress.computeIfAbsent(node,
                a -> new PeerLink(a, dialer, host, connectTimeoutNanos, keptDataLimit, budgetBytes, allPeers,
                        observer));
    }

    /**
     * Applies {@code action} to the link to {@code node}, looking it up again if it was
     * forgotten under the caller's feet.
     */
    <T> T with(NodeAddress node, Function<PeerLink, T> action) {
        for (;;) {
            PeerLink link = of(node);
            try {
                return action.apply(link);
            } catch (SlotRetiredException e) {
                byAddress.remove(node, link); // forgotten already, or about to be
            }
        }
    }

    /** The link to the node at canonical address {@code node}, or null. */
    PeerLink existing(NodeAddress node) {
        return byAddress.get(node);
    }

    /** Every link (a snapshot). */
    Set<PeerLink> all() {
        return Set.copyOf(byAddress.values());
    }

    /** Links known now. */
    int size() {
        return byAddress.size();
    }

    /** Addresses of the nodes with a channel up now (a snapshot). */
    Set<NodeAddress> connected() {
        Set<NodeAddress> up = new HashSet<>();
        for (PeerLink p : byAddress.values()) {
            if (p.channel() != null) {
                up.add(p.address());
            }
        }
        return Set.copyOf(up);
    }

    /** Forgets every link that has had nothing to do since before {@code cutoff} ({@link System#nanoTime()} based). */
    void forgetIdle(long cutoff) {
        for (Map.Entry<NodeAddress, PeerLink> e : byAddress.entrySet()) {
            if (e.getValue().retireIfIdle(cutoff)) {
                byAddress.remove(e.getKey(), e.getValue());
            }
        }
    }
}
