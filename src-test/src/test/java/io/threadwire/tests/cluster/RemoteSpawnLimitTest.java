package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.RemoteSpawnException;
import io.threadwire.distributed.RemoteSpawnException.Reason;
import io.threadwire.testkit.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** maxRemoteSpawned bounds the threads other nodes start, as ClusterLimits and docs/cluster.md say, not the node's own. */
class RemoteSpawnLimitTest {
    private static final int MAX = 2;

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> Fast.cluster(b)
            .clusterLimits(new ClusterLimits(1_000, 10_000, 100_000, 10_000, 64, MAX, MAX)));

    /** Once other nodes hold every place, the node still starts its own behaviours by name, and its own never take a peer's place. */
    @Test
    void aNodesOwnSpawnsByNameAreNotBoundByThePeersLimit() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        n0.spawnable("hold", args -> receive());
        for (int i = 0; i < MAX; i++) {
            cluster.call(n1, () -> Distributed.spawn(n0.address(), "hold", List.of()));
        }
        assertThatThrownBy(() -> cluster.call(n1, () -> Distributed.spawn(n0.address(), "hold", List.of())))
                .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIMIT));
        for (int i = 0; i < MAX + 1; i++) {
            ThreadRef own = cluster.call(n0, () -> Distributed.spawn(n0.address(), "hold", List.of()));
            assertThat(own).isInstanceOf(LocalThread.class);
        }
    }
}
