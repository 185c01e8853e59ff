package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.node.PeerInfo;
import java.util.Comparator;

/** A node taking part in registrations: its address and incarnation (this node is one too). */
record Party(NodeAddress address, long incarnation) {
    /** The order that picks a registration's gate: the smallest address as text, then incarnation. */
    static final Comparator<Party> ORDER = Comparator.comparing((Party p) -> p.address().toString())
            .thenComparingLong(Party::incarnation);

    static Party of(PeerInfo p) {
        return new Party(p.address(), p.incarnation());
    }
}
