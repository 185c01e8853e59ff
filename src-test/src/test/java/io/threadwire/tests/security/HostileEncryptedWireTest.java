package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.WireProtection;
import io.threadwire.testkit.Cluster;
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
 * The man in the middle is a {@link ProxiedPair}'s proxy.
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
        try (ProxiedPair pair = new ProxiedPair(encrypt ? WireProtection.ENCRYPTED : WireProtection.PLAINTEXT_UNSAFE)) {
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
        try (ProxiedPair pair = new ProxiedPair(WireProtection.ENCRYPTED)) {
            Bystander bystander = new Bystander(pair.legit, pair.attacked);
            assertThat(pair.proxy.connections()).isEqualTo(1);
            pair.proxy.flipNextDataFrame();
            bystander.startUnreportedBurst(1_000);
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
}
