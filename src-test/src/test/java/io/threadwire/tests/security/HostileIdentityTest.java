package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a holder of the secret pretends to be another node. It claims the address of a node
 * that is connected (to take over its connection), an address it does not connect from, or, when
 * dialed, an address other than the one dialed; or it answers a call that was made to another
 * node. Each claim is refused (with a refusal that proves the secret, where the claimant proved
 * it too), the node it pretended to be keeps its connection, and the legitimate peer is served.
 */
class HostileIdentityTest {
    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED);

    private final LocalThread testThread = self();
    private Bystander bystander;
    private Node legit;
    private Node attacked;
    private byte[] secret;

    @BeforeEach
    void connectTheLegitimatePeer() {
        legit = AttackedNode.legit(cluster);
        attacked = AttackedNode.attacked(cluster);
        bystander = new Bystander(legit, attacked);
        secret = AttackedNode.secret(cluster);
    }

    /**
     * A peer that proves the secret but claims the address of the legitimate node, which is
     * connected, is refused as a duplicate: the connection up still answers. The legitimate
     * node never loses its connection (before, the newcomer replaced it).
     */
    @Test
    void anImpostorOfAConnectedNodeIsRefused() throws Exception {
        Heap.Report heap = Heap.around("impostor of a connected node", () -> {
            try (RawPeer impostor = RawPeer.connect(attacked.address())) {
                assertThat(impostor.handshake(secret, legit.address())).as("the node's answer").isEqualTo(RawPeer.REFUSED);
                RawPeer.Refusal r = impostor.refusal();
                assertThat(r.code()).as("refused as a duplicate").isEqualTo(1);
                assertThat(r.authentic()).as("the refusal proves the secret").isTrue();
                assertThat(impostor.awaitClosed(Delays.QUICK)).isLessThan(Delays.QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES); // and the legitimate connection was never lost
        heap.assertRetainedBelow(AttackedNode.RETAINED_BOUND);
    }

    /** A peer that calls itself by an IP address it does not connect from is refused, with a refusal that says why. */
    @Test
    void aClaimThatDoesNotMatchTheSourceAddressIsRefused() throws Exception {
        try (RawPeer liar = RawPeer.connect(attacked.address())) {
            assertThat(liar.handshake(secret, new NodeAddress("10.9.8.7", 4000))).isEqualTo(RawPeer.REFUSED);
            assertThat(liar.refusal().code()).as("denied").isEqualTo(2);
            assertThat(liar.refusal().authentic()).isTrue();
            assertThat(liar.refusal().reason()).contains("10.9.8.7:4000").contains("connects from 127.0.0.1");
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * A peer that calls itself by a host name that resolves to an address it does not connect
     * from is refused as one claiming that address: a name is checked as an IP address is. (The
     * name is a decimal number, which Java resolves by itself, here to 10.10.10.7: no DNS.)
     */
    @Test
    void aHostNameThatResolvesElsewhereIsRefused() throws Exception {
        try (RawPeer liar = RawPeer.connect(attacked.address())) {
            assertThat(liar.handshake(secret, new NodeAddress("168430087", 4000))).isEqualTo(RawPeer.REFUSED);
            assertThat(liar.refusal().code()).as("denied").isEqualTo(2);
            assertThat(liar.refusal().reason()).contains("168430087:4000 (10.10.10.7)").contains("connects from 127.0.0.1");
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * A node the attacked node dials must call itself by the address it was dialed at: one that
     * claims the legitimate node's address instead is left before the attacked node proves
     * anything to it (no Extensions, no Proof), and the legitimate connection is untouched.
     */
    @Test
    void aDialedNodeThatClaimsAnotherAddressIsLeft() throws Exception {
        try (RawServer fake = new RawServer("127.0.0.1")) {
            NodeAddress fakeAddress = fake.address();
            attacked.spawn(() -> {
                Node.of(self()).orElseThrow().monitorNode(fakeAddress);
                send(receiveIf(m -> m instanceof NodeDown, LONG), testThread);
            });
            fake.acceptHello();
            fake.sendChallenge(legit.address());
            assertThat(fake.readProof()).as("the dialer went on to prove the secret").isFalse();
            assertThat(fake.kindsReceived()).containsExactly(RawPeer.HELLO);
            NodeDown down = (NodeDown) receiveIf(m -> m instanceof NodeDown, LONG);
            assertThat(down.node()).isEqualTo(fakeAddress);
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A dialed node whose Welcome does not prove the secret is left; it never counts as connected. */
    @Test
    void aWelcomeThatDoesNotProveTheSecretIsRefused() throws Exception {
        try (RawServer fake = new RawServer("127.0.0.1")) {
            NodeAddress fakeAddress = fake.address();
            attacked.spawn(() -> {
                Node.of(self()).orElseThrow().monitorNode(fakeAddress);
                send(receiveIf(m -> m instanceof NodeDown || m instanceof NodeUp, LONG), testThread);
            });
            fake.acceptHello();
            fake.sendChallenge(fakeAddress);
            assertThat(fake.readProof()).isTrue();
            fake.sendExtensionsAndWelcome("not the cluster's secret, 32 bytes".getBytes());
            assertThat(fake.awaitClosed()).as("the node closed the connection").isTrue();
            Object event = receiveIf(m -> m instanceof NodeDown || m instanceof NodeUp, LONG);
            assertThat(event).as("the first event about the fake node").isInstanceOf(NodeDown.class);
            assertThat(attacked.connectedNodes()).doesNotContain(fakeAddress);
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * A Reply to a call, sent by a node the call did not go to, is discarded, even with the right
     * tag; the call completes with the reply of the node it went to (before, the first reply won).
     */
    @Test
    void aReplyFromAnotherNodeThanTheCalledOneIsDiscarded() throws Exception {
        LocalThread server = attacked.spawn(() -> {
            Synchronous call = (Synchronous) receiveIf(m -> m instanceof Synchronous);
            send(call, testThread);             // the test learns the tag and the caller
            receiveIf(m -> "reply now".equals(m));
            io.threadwire.core.Messaging.replySynchronous("genuine", call);
        });
        attacked.registerRemoteThread(server, "server");
        RemoteThread remoteServer = attacked.remoteThread("server");
        legit.spawn(() -> send(sendSynchronous("question", remoteServer, LONG), testThread));
        Synchronous call = (Synchronous) receiveIf(m -> m instanceof Synchronous, LONG);
        RemoteThread.ById caller = (RemoteThread.ById) call.sender();
        try (RawPeer other = RawPeer.connect(legit.address()).authenticate(secret)) {
            other.sendItems(RawPeer.reply(caller.id(), caller.incarnation(), call.tag(), Payloads.string(6, "forged")));
            other.sync(); // the legitimate node has handled the forged reply
        }
        send("reply now", server);
        assertThat(receiveIf(m -> m instanceof String s && (s.equals("genuine") || s.equals("forged")), LONG))
                .as("the call's result").isEqualTo("genuine");
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A node's name travels in its handshake and shows in NodeUp and NodeDown (its hidden flag travels too: HandshakeTest). */
    @Test
    void aNodeNameShowsInNodeEvents() throws Exception {
        NodeConfig config = NodeConfig.builder().port(0).secret(secret).name("gamma").hidden(true).build();
        try (Node gamma = Node.start(config)) {
            NodeAddress gammaAddress = gamma.address();
            List<Object> events = cluster.call(attacked, () -> {
                Node.of(self()).orElseThrow().monitorNode(gammaAddress);
                Object up = receiveIf(m -> m instanceof NodeUp, LONG);
                gamma.close();
                Object down = receiveIf(m -> m instanceof NodeDown, LONG);
                return List.of(up, down);
            });
            assertThat(((NodeUp) events.get(0)).name()).isEqualTo("gamma");
            assertThat(((NodeDown) events.get(1)).name()).isEqualTo("gamma");
        }
        bystander.assertServed(Bystander.MESSAGES);
    }
}
