package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a holder of the secret connects as many peers (one identity per port) and has each
 * make the attacked node hold monitors, each peer within its own budget, so that together they
 * would hold far more than the node keeps for all peers ({@code peerStateMemory}). The node-wide
 * bound holds: the peers whose monitors would pass it have their connections closed, with the
 * reason logged; what a peer held is given back when it goes; the legitimate peer is served.
 */
class HostilePeerStateMemoryTest {
    private static final int PEERS = 6;
    private static final int MONITORS = 3_000;          // 768,000 bytes a peer: within its budget of 1 MiB
    private static final long MONITOR_COST = 256;       // PeerBudget.MONITOR_COST
    private static final long ALL_PEERS = 2L << 20;     // room for the monitors of two such peers, not three

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED,
            b -> b.maxMessageSize(64 << 10).peerBudget(1L << 20).peerStateMemory(ALL_PEERS).maxConnections(16));

    private Bystander bystander;

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
    }

    /**
     * Six peers each make 3,000 monitors (4.6 MB together, 0.77 MB each against a budget of 1
     * MiB). No more peers keep theirs than the node's 2 MiB for all peers holds; the others are
     * cut off, and say why. (Before, each peer's own budget was the only bound: the node held
     * whatever as many peers as it admits made it hold.)
     */
    @Test
    void monitorsOfManyPeersStayWithinTheNodesBound() throws Exception {
        List<RawPeer> peers = new ArrayList<>();
        int kept = 0;
        try (LogCapture log = LogCapture.start()) {
            try {
                for (int i = 0; i < PEERS; i++) {
                    RawPeer p = AttackedNode.authenticatedPeer(cluster);
                    peers.add(p);
                    if (holdsMonitors(p)) {
                        kept++;
                    }
                }
            } finally {
                for (RawPeer p : peers) {
                    p.close();
                }
            }
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("peerStateMemory").contains("a monitor"));
        }
        System.out.printf("[peer state] %d of %d peers kept their %,d monitors%n", kept, PEERS, MONITORS);
        assertThat(kept * MONITORS * MONITOR_COST).as("monitor bytes the node held at once").isLessThanOrEqualTo(ALL_PEERS);
        assertThat(kept).as("peers that kept theirs").isPositive();
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** What the peers held is given back as they go: one peer after another holds what only one fits at a time. */
    @Test
    void theBoundIsGivenBackWhenPeersLeave() throws Exception {
        for (int round = 0; round < 4; round++) {
            Timeouts.await(() -> AttackedNode.attacked(cluster).stats().connections() == 1,
                    "the attacked node has only the legitimate connection up");
            try (RawPeer p = AttackedNode.authenticatedPeer(cluster);
                 RawPeer q = AttackedNode.authenticatedPeer(cluster)) {
                assertThat(holdsMonitors(p)).as("round %d, first peer", round).isTrue();
                assertThat(holdsMonitors(q)).as("round %d, second peer", round).isTrue();
            }
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Makes {@link #MONITORS} monitors from {@code p}, 200 a frame; true if the node took them all and answers a sync. */
    private static boolean holdsMonitors(RawPeer p) {
        try {
            for (int sent = 0; sent < MONITORS; ) {
                List<byte[]> items = new ArrayList<>();
                for (int j = 0; j < 200; j++) {
                    items.add(RawPeer.monitorByName(++sent, Bystander.SINK));
                }
                p.sendItems(items.toArray(byte[][]::new));
            }
            p.sync();
            return true;
        } catch (IOException | AssertionError closed) {
            return false; // cut off: its monitors would have passed the node's bound
        }
    }
}
