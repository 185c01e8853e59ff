package io.threadwire.tests.failure;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.testkit.Cluster;

/** The cuts the churn soaks play: each closes the connection between two nodes, and lets the next one be made at once. */
final class Cuts {
    private Cuts() {
    }

    /** Cut from both sides (a partition, healed): returns once both nodes have handled the loss. */
    static void fromBoth(Cluster cluster, Node a, Node b) {
        cluster.disconnect(a, b);
        cluster.heal(a, b);
    }

    /** Closed by {@code closer} alone: {@code other} learns of it from the socket. */
    static void closedBy(Node closer, Node other) {
        Faults.of(closer).filter(other.address(), LinkFilter.CUT);
        Faults.of(closer).filter(other.address(), LinkFilter.OPEN);
    }
}
