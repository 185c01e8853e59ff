package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeMonitor;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a holder of the secret connects as many peers (one identity per port), each watches
 * a thread of the attacked node and reads nothing; the thread ends with a long reason. Each peer
 * is owed more Downs than it reads, and stays under its own ceiling (sixteen times the outbound
 * limit). Together they would make the node hold far more than it keeps for all peers
 * ({@code peerStateMemory}, which counts what a queue holds past its outbound limit). The
 * node-wide bound holds: the peers whose Downs would pass it have their connections closed, with
 * the reason logged; the others get every Down once they read; the legitimate peer is served.
 */
class HostileUnreadSignalsTest {
    private static final int PEERS = 6;
    /** Watches a peer makes: 15 MB of Downs of a 50 KB reason, whole until 8 MiB wait (twice the outbound limit). */
    private static final int WATCHES = 300;
    /**
     * The outbound limit (the default): a peer that reads nothing is left with up to 4 MiB past
     * it in whole Downs, less what its socket takes in as the writer goes on (up to about 4 MB
     * on a loopback connection whose send buffer has grown).
     */
    private static final int OUTBOUND = 4 << 20;
    /** What the node keeps for all peers: one peer's whole Downs fit; six peers' would not. */
    private static final long ALL_PEERS = 6L << 20;
    /** A receive buffer the peer never empties: the node's queue, not the socket, holds what it sends. */
    private static final int DEAF_RECEIVE_BUFFER = 64 << 10;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED,
            b -> b.outboundBufferSize(OUTBOUND).peerStateMemory(ALL_PEERS).maxConnections(16));

    private Bystander bystander;

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
    }

    /**
     * Six peers are owed 15 MB of Downs each. Before, each one's ceiling (64 MiB) was the only
     * bound, and the node held whatever they left unread together; now some are cut off and say
     * why, and the first, whose Downs alone fit, is answered.
     */
    @Test
    void downsLeftUnreadByManyPeersStayWithinTheNodesBound() throws Exception {
        Victim victim = Victim.spawn(AttackedNode.attacked(cluster), "victim", "x".repeat(50_000));
        NodeMonitor events = AttackedNode.attacked(cluster).monitorNodes();
        List<RawPeer> peers = new ArrayList<>();
        int kept = 0;
        List<String> reasons = new ArrayList<>();
        try {
            for (int i = 0; i < PEERS; i++) {
                RawPeer p = AttackedNode.authenticatedPeer(cluster, DEAF_RECEIVE_BUFFER);
                peers.add(p);
                receiveIf(m -> m instanceof NodeUp, LONG);
                victim.monitorFrom(p, WATCHES);
            }
            victim.endAndWait();
            for (RawPeer p : peers) {
                if (answers(p)) {
                    kept++;
                }
            }
            for (int cut = 0; cut < PEERS - kept; cut++) { // before the kept peers go too
                reasons.add(((NodeDown) receiveIf(m -> m instanceof NodeDown, LONG)).reason());
            }
        } finally {
            events.cancel();
            for (RawPeer p : peers) {
                p.close();
            }
        }
        System.out.printf("[unread signals] %d of %d peers that read nothing kept their Downs%n", kept, PEERS);
        assertThat(kept).as("peers that kept their Downs").isPositive().isLessThan(PEERS);
        assertThat(reasons).as("why the node cut the others off")
                .allSatisfy(r -> assertThat(r).contains("unread").contains("peerStateMemory"));
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Whether the node still answers {@code p}, which reads all it was sent on the way. */
    private static boolean answers(RawPeer p) {
        try {
            p.sync();
            return true;
        } catch (IOException | AssertionError closed) {
            return false;
        }
    }
}
