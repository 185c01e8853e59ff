package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code maxGlobalNames} holds for registrations made at the same moment, so that peers with the same limits keep the node. */
class GlobalNameLimitsTest {
    private static final int MAX_NAMES = 3;
    private static final int CALLS = 20;

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> Fast.cluster(b)
            .clusterLimits(new ClusterLimits(1_000, 10_000, 100_000, MAX_NAMES, 64, 10_000, 1_000))).seededBy(0);

    /** Scenario: 20 threads of node 0 register 20 names at one signal: 3 succeed, the others throw IllegalStateException, and node 1 shows the 3. */
    @Test
    void registrationsAtOneMomentStopAtMaxGlobalNames() throws Exception {
        cluster.awaitMesh();
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        CountDownLatch go = new CountDownLatch(1);
        List<LocalThread> holders = new ArrayList<>();
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String name = "n" + i;
            LocalThread holder = n0.spawn(() -> receive());
            CompletableFuture<Boolean> result = new CompletableFuture<>();
            holders.add(holder);
            results.add(result);
            n0.spawn(() -> {
                try {
                    go.await();
                    result.complete(GlobalNames.register(name, holder));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        }
        go.countDown();
        Set<String> registered = new HashSet<>();
        int refused = 0;
        for (int i = 0; i < CALLS; i++) {
            try {
                if (results.get(i).get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                    registered.add("n" + i);
                }
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("maxGlobalNames");
                refused++;
            }
        }
        assertThat(registered).as("names registered").hasSize(MAX_NAMES);
        assertThat(refused).as("calls refused").isEqualTo(CALLS - MAX_NAMES);
        Timeouts.await(() -> cluster.call(n1, GlobalNames::registeredNames).equals(registered),
                "node 1 shows the names node 0 holds");
        assertThat(n1.connectedNodes()).as("node 1's connections").contains(n0.address());
        holders.forEach(t -> Messaging.exit(t, "done"));
    }
}
