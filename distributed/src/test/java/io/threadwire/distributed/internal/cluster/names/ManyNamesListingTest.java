package io.threadwire.distributed.internal.cluster.names;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.ServiceLoop;
import io.threadwire.distributed.internal.cluster.inspect.NodeService;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.spawn.Spawnables;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;

/**
 * A node service's listing of the global names costs what it answers, at most
 * {@link InspectProtocol.Listing#MAX} entries, however many names the cluster holds. It copied
 * and sorted every name for each request: with the names of 30 peers at their default limit
 * (300,000), a peer's requests of some 60 bytes each kept the node service busy for a fraction
 * of a second each, sorting.
 */
class ManyNamesListingTest {
    private static final int NAMES = 300_000;
    private static final int REQUESTS = 100;

    /** Scenario: 300,000 names in the view; 100 listings asked one after the other are all answered promptly, each the first names. */
    @Test
    void listingTheNamesOfALargeClusterCostsTheListingNotTheCluster() {
        FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
        NameViews views = new NameViews();
        for (int i = 0; i < NAMES; i++) {
            views.publish(String.format("n%07d", NAMES - 1 - i), new RemoteThread.ById(new NodeAddress("127.0.0.1", 7000 + i / 10_000), 1, i));
        }
        LocalThread service = Messaging.spawn(() -> ServiceLoop.run("threadwire.node",
                new NodeService(port, null, views, new Spawnables(port)), port::closing));
        try {
            long start = System.nanoTime();
            InspectProtocol.Listing<?> last = null;
            for (int i = 0; i < REQUESTS; i++) {
                last = (InspectProtocol.Listing<?>) Messaging.sendSynchronous(new InspectProtocol.ListGlobalNames(), service,
                        Timeouts.LONG);
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(last.truncated()).isTrue();
            assertThat(last.items()).hasSize(InspectProtocol.Listing.MAX);
            assertThat(((NamesProtocol.Held) last.items().getFirst()).name()).isEqualTo("n0000000");
            assertThat(((NamesProtocol.Held) last.items().getLast()).name()).isEqualTo(String.format("n%07d", InspectProtocol.Listing.MAX - 1));
            assertThat(tookMillis).as("ms to answer %d listings of %d names", REQUESTS, NAMES)
                    .isLessThan(Timeouts.PROMPT.toMillis());
        } finally {
            Messaging.exit(service, "test over");
        }
    }
}
