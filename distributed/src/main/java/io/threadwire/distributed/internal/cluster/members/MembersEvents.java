package io.threadwire.distributed.internal.cluster.members;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.node.PeerInfo;
import java.util.List;

/** What the membership service's helper threads and timers tell it; local, never sent to other nodes. */
sealed interface MembersEvents {

    /** Why an address is dialed. */
    enum Purpose { SEED, GOSSIP, LOST }

    /** A round's seeds, or why there are none. */
    record SeedsResolved(List<NodeAddress> seeds, String failure) implements MembersEvents {
    }

    /** A dial ended: connected to {@code peer}, or failed ({@code failure}; {@code self} if it reached this node). */
    record Dialed(NodeAddress address, Purpose purpose, PeerInfo peer, String failure, boolean self)
            implements MembersEvents {
    }

    /** Time for the next seed round. */
    record RoundDue() implements MembersEvents {
    }

    /** Time to dial a lost member again. */
    record RedialDue(NodeAddress address) implements MembersEvents {
    }
}
