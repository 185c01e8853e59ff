package io.threadwire.distributed.internal.cluster.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A full cluster refuses new members without keeping anything, or logging a line, per node refused. */
class FullClusterTest {
    private static final ClusterLimits TWO_MEMBERS = new ClusterLimits(2, 10_000, 100_000, 10_000, 64, 10_000, 1_000);

    /** Refusals of a thousand distinct nodes in a burst make one warning line, not one per address. */
    @Test
    void refusalsOfManyNodesAreWarnedOfAtARate() {
        FakeClusterPort port = new FakeClusterPort(TWO_MEMBERS);
        MembershipService s = new MembershipService(port, "threadwire.members");
        s.start();
        s.handle(new PeerEvent.PeerUp(FakeClusterPort.X)); // the cluster is full now: this node and X
        List<String> log = FakeClusterPort.logLinesWhile(() -> {
            for (int i = 0; i < 1_000; i++) {
                s.handle(new PeerEvent.PeerUp(new PeerInfo(new NodeAddress("10.0." + i / 250 + "." + i % 250, 7000), 1, "", false)));
            }
        });
        assertThat(port.sent).as("disconnects").filteredOn(m -> String.valueOf(m.message()).startsWith("DISCONNECT"))
                .hasSize(1_000);
        assertThat(log.stream().filter(l -> l.contains("the cluster is full")))
                .as("warnings logged").hasSize(1);
    }
}
