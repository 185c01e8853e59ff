package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node's names service answers a burst of registrations of one name, however many wait their turn, and goes on. */
class RegistrationBurstTest {
    private static final int CALLS = 20_000;

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, Fast::cluster).seededBy(0);

    /** Scenario: 20,000 threads of node 0 register "leader" for one thread at one signal: every call returns true, and a later registration works. */
    @Test
    void everyCallOfABurstForOneNameIsAnswered() throws Exception {
        cluster.awaitMesh();
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        LocalThread holder = n0.spawn(() -> receive());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            CompletableFuture<Boolean> result = new CompletableFuture<>();
            results.add(result);
            n0.spawn(() -> {
                try {
                    go.await();
                    result.complete(GlobalNames.register("leader", holder));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        }
        go.countDown();
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(results).as("calls answered true").allMatch(r -> r.join());
        LocalThread other = n0.spawn(() -> receive());
        assertThat(GlobalNames.register("after", other)).as("a later registration").isTrue();
        Timeouts.await(() -> cluster.call(n1, () -> GlobalNames.whereis("after")).isPresent(), "node 1 shows it");
        Messaging.exit(holder, "done");
        Messaging.exit(other, "done");
    }
}
