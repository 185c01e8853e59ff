package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret connects under one made-up address after another and
 * leaves each time, so that the attacked node files a link for every address it claimed. A link
 * with nothing left to do is forgotten after six heartbeat timeouts: the node's count of known
 * nodes comes back to the legitimate peer alone, however many addresses were claimed.
 */
class HostilePeerMapTest {
    private static final Duration HEARTBEAT = Timeouts.scaled(Duration.ofMillis(200));
    private static final int ADDRESSES = 50;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED,
            b -> b.heartbeatInterval(HEARTBEAT).heartbeatTimeout(HEARTBEAT.multipliedBy(8))
                    // a member lost without goodbye is dialed again for this long, its link kept meanwhile
                    .lostMemberRetention(Duration.ofSeconds(1)));

    private Bystander bystander;
    private Node attacked;

    @BeforeEach
    void connectTheLegitimatePeer() {
        attacked = AttackedNode.attacked(cluster);
        bystander = new Bystander(AttackedNode.legit(cluster), attacked);
    }

    /**
     * Fifty claimed addresses, each connected once and gone: once the cluster stops dialing them
     * again ({@code lostMemberRetention}), the links to them are forgotten.
     */
    @Test
    void linksToNodesThatLeftAreForgotten() throws Exception {
        assertThat(attacked.stats().knownNodes()).as("known before the attack").isEqualTo(1);
        for (int i = 0; i < ADDRESSES; i++) {
            try (RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
                p.sync();
            }
        }
        assertThat(attacked.stats().knownNodes()).as("known right after").isGreaterThan(1);
        Timeouts.await(() -> attacked.stats().knownNodes() == 1, "the links to the departed nodes forgotten");
        bystander.assertServed(Bystander.MESSAGES);
    }
}
