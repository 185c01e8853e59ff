package io.threadwire.distributed.internal.cluster.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.ServiceLoop;
import io.threadwire.distributed.internal.cluster.inspect.NodeService;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.distributed.internal.cluster.spawn.Spawnables;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node service's listing of the groups costs what it answers, at most
 * {@link InspectProtocol.Listing#MAX} groups, however many groups the cluster has. It copied and
 * sorted every group for each request: with the groups of 30 peers at their default limit
 * (300,000), a peer's requests of some 60 bytes each kept the node service busy for a fraction
 * of a second each, sorting.
 */
class ManyGroupsListingTest {
    private static final int GROUPS = 300_000;
    private static final int REQUESTS = 100;

    /** Scenario: 300,000 groups in the view; 100 listings asked one after the other are all answered promptly, each the first groups. */
    @Test
    void listingTheGroupsOfALargeClusterCostsTheListingNotTheCluster() {
        FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
        GroupViews views = new GroupViews();
        for (int i = 0; i < GROUPS; i++) {
            List<ThreadRef> member = new ArrayList<>(List.of(new RemoteThread.ById(new NodeAddress("127.0.0.1", 7000 + i / 10_000), 1, i)));
            views.publish(String.format("g%07d", GROUPS - 1 - i), member, new ArrayList<>());
        }
        LocalThread service = Messaging.spawn(() -> ServiceLoop.run("threadwire.node",
                new NodeService(port, views, null, new Spawnables(port)), port::closing));
        try {
            long start = System.nanoTime();
            InspectProtocol.Listing<?> last = null;
            for (int i = 0; i < REQUESTS; i++) {
                last = (InspectProtocol.Listing<?>) Messaging.sendSynchronous(new InspectProtocol.ListGroups(), service,
                        Timeouts.LONG);
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(last.truncated()).isTrue();
            assertThat(last.items()).hasSize(InspectProtocol.Listing.MAX);
            assertThat(last.items().getFirst()).isEqualTo("g0000000");
            assertThat(last.items().getLast()).isEqualTo(String.format("g%07d", InspectProtocol.Listing.MAX - 1));
            assertThat(tookMillis).as("ms to answer %d listings of %d groups", REQUESTS, GROUPS)
                    .isLessThan(Timeouts.PROMPT.toMillis());
        } finally {
            Messaging.exit(service, "test over");
        }
    }
}
