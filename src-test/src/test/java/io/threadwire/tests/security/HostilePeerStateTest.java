package io.threadwire.tests.security;

import static io.threadwire.tests.security.Delays.QUICK;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret makes the attacked node hold state for it: monitors
 * (one id used twice, or many), links, connections. Each peer has one budget for all it makes
 * the node hold; a repeated monitor id or a peer over budget has its connection closed (the
 * node logs why), the state it made is given back when it goes, and a node takes at most
 * {@code maxConnections} connections. The legitimate peer is served throughout.
 */
class HostilePeerStateTest {
    /** The attacked node's budget per peer: 4,096 monitors, or 2,048 links. */
    private static final long BUDGET = 1 << 20;
    private static final int MAX_CONNECTIONS = 4;
    private static final String LINKED = "linked";

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED,
            b -> b.maxMessageSize(64 << 10).peerBudget(BUDGET).maxConnections(MAX_CONNECTIONS));

    private Bystander bystander;
    private Node attacked;
    private byte[] secret;

    @BeforeEach
    void connectTheLegitimatePeer() {
        attacked = AttackedNode.attacked(cluster);
        bystander = new Bystander(AttackedNode.legit(cluster), attacked);
        secret = AttackedNode.secret(cluster);
    }

    /**
     * A Monitor with an id the peer holds already closes its connection, and nothing of either
     * monitor stays (before, the second replaced the first in the table while both exit hooks
     * stayed on the target, one more per repeat, for ever).
     */
    @Test
    void aRepeatedMonitorIdClosesTheConnection() throws Exception {
        Heap.Report heap = Heap.around("monitor id used twice", () -> {
            try (RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
                p.sendItems(RawPeer.monitorByName(1, Bystander.SINK));
                p.sendItems(RawPeer.monitorByName(1, Bystander.SINK));
                assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(AttackedNode.RETAINED_BOUND);
    }

    /**
     * Links past the peer's budget close its connection, and the node logs why (before, links had
     * no bound at all). The links go to a thread of their own: when the connection closes, each
     * link breaks with {@code noconnection}, which the thread survives only by catching it.
     */
    @Test
    void linksPastThePeerBudgetCloseTheConnection() throws Exception {
        attacked.registerRemoteThread(attacked.spawn("linked", HostilePeerStateTest::surviveBrokenLinks), LINKED);
        try (LogCapture log = LogCapture.start()) {
            assertThat(floodCloses(4_000, i -> RawPeer.linkByName(i, LINKED))).as("closed").isTrue();
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("went over its budget").contains("a link"));
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Monitors past the peer's budget close its connection, and the node logs why. */
    @Test
    void monitorsPastThePeerBudgetCloseTheConnection() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            assertThat(floodCloses(8_000, i -> RawPeer.monitorByName(i, Bystander.SINK))).as("closed").isTrue();
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("went over its budget").contains("a monitor"));
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * What a peer's connection made the node hold is given back when it closes: the same node
     * (same address) connects again and holds nearly its whole budget once more.
     */
    @Test
    void aClosedConnectionGivesItsBudgetBack() throws Exception {
        NodeAddress same = RawPeer.fakeAddress();
        for (int round = 0; round < 3; round++) {
            try (RawPeer p = RawPeer.connect(attacked.address())) {
                assertThat(p.handshake(secret, same)).as("round %d", round).isEqualTo(RawPeer.WELCOME);
                for (int i = 0; i < 15; i++) { // 3,000 monitors: three quarters of the budget
                    List<byte[]> items = new ArrayList<>();
                    for (int j = 0; j < 200; j++) {
                        items.add(RawPeer.monitorByName(i * 200L + j + 1, Bystander.SINK));
                    }
                    p.sendItems(items.toArray(byte[][]::new));
                }
                p.sync(); // still up: the node handled all 3,000
            }
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Past {@code maxConnections} connections up, a node that proves the secret is refused, with a refusal that proves it too. */
    @Test
    void connectionsPastTheCapAreRefused() throws Exception {
        List<RawPeer> peers = new ArrayList<>();
        try {
            for (int i = 1; i < MAX_CONNECTIONS; i++) { // the legitimate peer holds one
                peers.add(AttackedNode.authenticatedPeer(cluster));
            }
            try (RawPeer onePast = RawPeer.connect(attacked.address())) {
                assertThat(onePast.handshake(secret, RawPeer.fakeAddress())).isEqualTo(RawPeer.REFUSED);
                assertThat(onePast.refusal().authentic()).isTrue();
                assertThat(onePast.refusal().reason()).contains("no more connections");
            }
            for (RawPeer p : peers) {
                p.sync();
            }
        } finally {
            for (RawPeer p : peers) {
                p.close();
            }
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A thread that links may break under: it goes on receiving whatever its links do. */
    static void surviveBrokenLinks() {
        for (;;) {
            try {
                Messaging.receive();
            } catch (LinkedThreadException broken) {
                // the hostile peer's connection closed: expected, and nothing to do
            }
        }
    }

    /**
     * Sends {@code count} items, 200 a frame, from a new authenticated peer; returns whether the
     * node closed the connection (else it handled them all and answers a sync).
     */
    private boolean floodCloses(int count, java.util.function.LongFunction<byte[]> item) throws IOException {
        try (RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
            try {
                for (int sent = 0; sent < count; ) {
                    List<byte[]> items = new ArrayList<>();
                    for (int j = 0; j < 200; j++) {
                        items.add(item.apply(++sent));
                    }
                    p.sendItems(items.toArray(byte[][]::new));
                }
                p.sync();
                return false;
            } catch (IOException closed) {
                return true;
            }
        }
    }
}
