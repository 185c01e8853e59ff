package io.threadwire.distributed.internal.cluster.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** Addresses that peers name and nobody reaches never push a member really lost out of the redials. */
class DialsTest {
    private static final int MAX_MEMBERS = 4;

    /** Scenario: a member is lost; peers then name ten addresses nobody reaches; the lost member is still dialed again. */
    @Test
    void addressesNobodyReachesDoNotPushOutALostMember() {
        FakeClusterPort port = new FakeClusterPort(new ClusterLimits(MAX_MEMBERS, 10, 10, 10, 1, 10, 10));
        Dials dials = new Dials(port, Messaging.self(), new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), new HashMap<>());
        NodeAddress member = new NodeAddress("127.0.0.1", 2);
        dials.lost(member);

        for (int i = 0; i < 10; i++) {
            NodeAddress named = new NodeAddress("127.0.0.1", 100 + i);
            dials.heardOf(named);
            dials.pump();
            dials.dialed(nextDialed(named));
        }
        port.dialed.clear();
        dials.redial(member);

        dials.dialed(nextDialed(member));
        assertThat(port.dialed).contains(member);
    }

    /** The outcome of the dial of {@code address}, which this thread receives; redials of others that fall due are skipped. */
    private static MembersEvents.Dialed nextDialed(NodeAddress address) {
        for (;;) {
            Object m = Messaging.receive(Timeouts.LONG);
            if (m instanceof MembersEvents.Dialed d && d.address().equals(address)) {
                return d;
            }
        }
    }
}
