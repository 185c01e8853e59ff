package io.threadwire.tests.security;

import static io.threadwire.tests.security.Delays.QUICK;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: one address opens more idle connections than {@code maxPendingHandshakesPerAddress}
 * while a node at another address is in its handshake. The flooding address's oldest sockets
 * are closed at once, one per newcomer past its share, well before the handshake timeout; the
 * other address's handshake is untouched and completes; the node logs the evictions once, not
 * once each. The node-wide bound ({@code maxPendingHandshakes}) is far away throughout, so only
 * the per-address bound can have closed anything.
 */
class HostilePendingPerAddressTest {
    private static final int PER_ADDRESS = 4;
    private static final int FLOOD = 20;
    private static final String FLOODER = "127.0.0.1";
    private static final String OTHER = "127.0.0.2";

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED, b -> b.handshakeTimeout(LONG.multipliedBy(4))
            .maxPendingHandshakes(64).maxPendingHandshakesPerAddress(PER_ADDRESS));

    private Bystander bystander;
    private NodeAddress target;
    private byte[] secret;

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
        target = AttackedNode.attacked(cluster).address();
        secret = AttackedNode.secret(cluster);
    }

    /**
     * Twenty idle sockets from one address: the sixteen oldest are closed at once, the four
     * newest stay in their handshake (the oldest of them completes it), and a handshake under
     * way from another address is not disturbed. (Before, only the node-wide bound applied, and
     * one address could hold all of it, locking every other node out.)
     */
    @Test
    void oneAddressPastItsShareEvictsOnlyItsOwnOldest() throws Exception {
        List<RawPeer> flood = new ArrayList<>();
        try (LogCapture log = LogCapture.start(); RawPeer other = RawPeer.connectFrom(OTHER, target)) {
            other.readRegistration(); // accepted and pending before the flood
            other.sendHello(RawPeer.fakeAddress(), false);
            other.readChallenge();
            for (int i = 0; i < FLOOD; i++) {
                flood.add(RawPeer.connectFrom(FLOODER, target));
            }
            for (Duration closed : RawPeer.awaitAllClosed(flood.subList(0, FLOOD - PER_ADDRESS), QUICK)) {
                assertThat(closed).as("time from connect to eviction").isLessThan(QUICK);
            }
            other.sendExtensions();
            other.sendProof(other.clientProof(secret));
            assertThat(other.readAnswer()).as("the other address's handshake, after the flood").isEqualTo(RawPeer.WELCOME);
            other.sync();
            RawPeer oldestKept = flood.get(FLOOD - PER_ADDRESS);
            assertThat(oldestKept.handshake(secret, RawPeer.fakeAddress())).as("the oldest socket within the share")
                    .isEqualTo(RawPeer.WELCOME);
            oldestKept.sync();
            assertThat(log.lines().stream().filter(l -> l.contains("waiting to authenticate")).count())
                    .as("WARN lines for %d evictions", FLOOD - PER_ADDRESS).isEqualTo(1);
        } finally {
            for (RawPeer p : flood) {
                p.close();
            }
        }
        bystander.assertServed(Bystander.MESSAGES);
    }
}
