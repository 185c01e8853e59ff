package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: many peers that hold the secret, each within its own budget, start big messages and
 * never finish them, so that together they would hold far more than the node should give. The
 * node-wide bound on inbound memory ({@code inboundMemory}) holds: the peers whose half-sent
 * messages would pass it have their connections closed, the heap stays bounded, and the
 * legitimate peer, whose messages still have to be decoded, is served.
 */
class HostileInboundMemoryTest {
    private static final int PEERS = 16;
    private static final int MESSAGE = 3 << 20;   // each peer half-sends one message of 3 MiB
    private static final long INBOUND = 8L << 20; // 4 MiB of it for half-sent messages

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED, b -> b.inboundMemory(INBOUND));

    private Bystander bystander;

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
    }

    /**
     * Sixteen peers each send all but the last piece of a 3 MiB message: 48 MiB if the node
     * took it all (each peer alone is well within its budget). Those that would take the node's
     * half-sent memory past its bound are cut off; no more than that bound's worth stays open.
     * (Before, nothing bounded the peers together.)
     */
    @Test
    void halfSentMessagesOfManyPeersStayWithinTheNodesBound() throws Exception {
        List<RawPeer> peers = new ArrayList<>();
        int[] open = {0};
        Heap.Report heap = Heap.around(PEERS + " peers holding half-sent messages", () -> {
            try {
                for (int i = 0; i < PEERS; i++) {
                    RawPeer p = AttackedNode.authenticatedPeer(cluster);
                    peers.add(p);
                    byte[] piece = new byte[RawPeer.PIECE];
                    try {
                        p.sendItems(RawPeer.fragmentStart(1, MESSAGE, piece));
                        for (int sent = RawPeer.PIECE; sent < MESSAGE - RawPeer.PIECE; sent += RawPeer.PIECE) {
                            p.sendItems(RawPeer.fragmentNext(1, piece));
                        }
                        p.sync();
                        open[0]++;
                    } catch (IOException | AssertionError closed) {
                        // cut off: its half-sent message would have passed the node's bound
                    }
                }
                bystander.assertServed(Bystander.MESSAGES); // decoding was not starved by the half-sent messages
            } finally {
                for (RawPeer p : peers) {
                    p.close();
                }
            }
        });
        System.out.printf("[inbound] %d of %d peers kept their half-sent 3 MiB message%n", open[0], PEERS);
        assertThat((long) open[0] * MESSAGE).as("half-sent bytes the node held at once").isLessThanOrEqualTo(INBOUND / 2);
        assertThat(open[0]).as("peers that kept theirs").isPositive();
        heap.assertRetainedBelow(AttackedNode.RETAINED_BOUND);
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * Once a peer is gone, its memory is given back: peers one after the other each hold a
     * half-sent message that the bound fits only once.
     */
    @Test
    void memoryIsGivenBackWhenPeersLeave() throws Exception {
        for (int round = 0; round < 4; round++) {
            awaitOnlyTheLegitimateConnection();
            try (RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
                byte[] piece = new byte[RawPeer.PIECE];
                p.sendItems(RawPeer.fragmentStart(1, MESSAGE, piece));
                for (int sent = RawPeer.PIECE; sent < MESSAGE - RawPeer.PIECE; sent += RawPeer.PIECE) {
                    p.sendItems(RawPeer.fragmentNext(1, piece));
                }
                p.sync();
            }
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Waits until the attacked node has seen the last raw peer go (it gives back what the peer held as it does). */
    private void awaitOnlyTheLegitimateConnection() {
        Timeouts.await(() -> AttackedNode.attacked(cluster).stats().connections() == 1,
                "the attacked node has only the legitimate connection up");
    }
}
