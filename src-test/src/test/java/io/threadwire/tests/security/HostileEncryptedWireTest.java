package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeDown;
import io.threadwire.testkit.Cluster;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scenario: the nodes encrypt (AES-GCM) and a man in the middle watches or alters the bytes.
 * Legitimate traffic still arrives in order; no message text shows on the wire; one flipped bit
 * closes the connection (monitors fire {@code noconnection}, node watchers hear
 * {@link NodeDown}), and traffic resumes on a new connection.
 *
 * <p>The man in the middle is a {@link TcpProxy} at the attacked node's advertised address:
 * the node advertises 127.0.0.2 and listens on 127.0.0.1 at the same port, the proxy listens on
 * 127.0.0.2 and forwards, so the dialing node reaches it under the node's own address.
 */
class HostileEncryptedWireTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Legitimate traffic between encrypting nodes arrives in order; a peer that does not ask for encryption gets it anyway. */
    @Test
    void encryptedTrafficArrivesInOrder() throws Exception {
        try (Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED).start()) {
            Bystander bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
            try (RawPeer p = RawPeer.connect(AttackedNode.attacked(cluster).address())) {
                p.readRegistration();
                p.sendHello(RawPeer.fakeAddress(), false);
                assertThat(p.readChallenge().encrypt()).as("the node's Challenge: encrypt").isTrue();
            }
            bystander.assertServed(Bystander.MESSAGES);
        }
    }

    /**
     * With encryption on, a message's text never appears in the bytes on the wire (and without it,
     * it does). The canaries are longer than 32 characters, which Kryo writes as plain UTF-8.
     */
    @Test
    void encryptedFramesCarryNoPlaintext() throws Exception {
        assertThat(wireCarries(false, "canary-" + HexFormat.of().formatHex(randomBytes(16))))
                .as("the canary is visible on an unencrypted wire (the check works)").isTrue();
        assertThat(wireCarries(true, "canary-" + HexFormat.of().formatHex(randomBytes(16))))
                .as("the canary is visible on an encrypted wire").isFalse();
    }

    private boolean wireCarries(boolean encrypt, String canary) throws Exception {
        try (Pair pair = new Pair(encrypt)) {
            Bystander bystander = new Bystander(pair.legit, pair.attacked);
            CountDownLatch sent = new CountDownLatch(1);
            pair.legit.spawn(() -> {
                send(canary, pair.attacked.remoteThread(Bystander.SINK));
                sent.countDown();
            });
            assertThat(sent.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            bystander.expectForeign(canary);
            bystander.assertServed(1_000); // the canary arrived, before these
            byte[] wire = pair.proxy.dialerBytes();
            return new String(wire, StandardCharsets.ISO_8859_1).contains(canary);
        }
    }

    /**
     * One bit flipped in an encrypted data frame closes the connection: the dialing node's
     * monitor on a thread of the other fires {@code noconnection} and it hears {@link NodeDown};
     * the next messages go over a new connection and arrive in order.
     */
    @Test
    void aFlippedBitClosesTheConnectionAndTrafficResumes() throws Exception {
        try (Pair pair = new Pair(true)) {
            Bystander bystander = new Bystander(pair.legit, pair.attacked);
            assertThat(pair.proxy.connections()).isEqualTo(1);
            pair.proxy.flipNextDataFrame();
            bystander.startBurst(1_000);
            List<Object> losses = bystander.awaitLoss();
            assertThat(pair.proxy.flipped()).isEqualTo(1);
            assertThat(losses).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Down.class,
                    d -> assertThat(d.reason()).isEqualTo(ExitReason.NOCONNECTION)));
            assertThat(losses).anySatisfy(m -> assertThat(m).isInstanceOf(NodeDown.class));
            System.out.println("[flip] the legitimate node saw: " + losses);

            bystander.assertServed(Bystander.MESSAGES);
            assertThat(pair.proxy.connections()).as("connections through the proxy").isEqualTo(2);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Two nodes with a {@link TcpProxy} at the attacked node's advertised address. */
    private static final class Pair implements AutoCloseable {
        final Node legit;
        final Node attacked;
        final TcpProxy proxy;

        Pair(boolean encrypt) throws Exception {
            String secret = HexFormat.of().formatHex(randomBytes(32));
            legit = Node.start(config(secret, encrypt).host("127.0.0.1").build());
            attacked = Node.start(config(secret, encrypt).host("127.0.0.2").bindHost("127.0.0.1").build());
            int port = attacked.address().port();
            proxy = new TcpProxy(new InetSocketAddress("127.0.0.2", port), new InetSocketAddress("127.0.0.1", port));
        }

        private static NodeConfig.Builder config(String secret, boolean encrypt) {
            return NodeConfig.builder().port(0).secret(secret).encrypt(encrypt);
        }

        @Override
        public void close() throws Exception {
            try (proxy) {
                legit.close();
                attacked.close();
            }
        }
    }
}
