package io.threadwire.tests.security;

import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret links 100,000 of its threads, whose ids it chose so that
 * their hash codes are all equal, to one thread of the attacked node, within its budget. The
 * node files them in O(log n) each (its table's keys are ordered, so a bin of equal hash codes
 * is a tree searched by order; unordered, the table would cost some 10^10 comparisons, on the
 * connection's reader, under the peer's lock), answers the peer's next request in time, and
 * serves the legitimate peer.
 */
class HostileLinkTableTest {
    private static final int LINKS = 100_000;
    private static final String LINKED = "linked";

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED);

    private Bystander bystander;
    private Node attacked;

    @BeforeEach
    void connectTheLegitimatePeer() {
        attacked = AttackedNode.attacked(cluster);
        bystander = new Bystander(AttackedNode.legit(cluster), attacked);
    }

    @Test
    void linksFromThreadsWithCollidingHashCodesCostTheirLength() throws Exception {
        attacked.registerRemoteThread(attacked.spawn(LINKED, HostilePeerStateTest::surviveBrokenLinks), LINKED);
        try (RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
            for (int sent = 0; sent < LINKS; ) {
                List<byte[]> items = new ArrayList<>();
                for (int j = 0; j < 200; j++) {
                    long k = ++sent;
                    items.add(RawPeer.linkByName((k << 32) | k, LINKED)); // Long.hashCode folds the halves: 0
                }
                p.sendItems(items.toArray(byte[][]::new));
            }
            p.sync(); // the node handled every link and is still connected to the peer
        }
        bystander.assertServed(Bystander.MESSAGES);
    }
}
