package io.threadwire.tests.docs;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testing guide's seeded-cluster example (docs/guides/testing.md), as it is printed there. */
class SeededClusterExampleTest {
    // tag::seeded[]
    @RegisterExtension
    final Cluster cluster = Cluster.of(3).seededBy(0);      // nodes 1 and 2 find each other through 0

    @Test
    void aJoinIsSeenOnEveryNode() {
        cluster.awaitMesh();                                // every node lists every other
        Node b = cluster.node(1), c = cluster.node(2);
        LocalThread member = b.spawn(() -> receive());
        Groups.join("workers", member);
        Timeouts.await(() -> !cluster.call(c, () -> Groups.members("workers")).isEmpty(),
                "node c sees the member that joined on node b");
    }
    // end::seeded[]
}
