package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GlobalNames.unregister} of a name whose home goes silent: it waits for the home's
 * answer or its loss, however the send timeout compares with the heartbeat timeout.
 */
class UnregisterOfALostHomeTest {
    /** A send timeout far shorter than the heartbeat timeout (a valid setting: sends rarely wait). */
    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> Fast.cluster(b).sendTimeout(Duration.ofMillis(100))).seededBy(0);

    /**
     * Scenario: a name held on node 1; node 1's frames stop reaching node 0, silently; a thread
     * of node 0 unregisters the name. Node 0 hears no answer, and detects the loss only after
     * its heartbeat timeout: unregister returns false then (the home was lost first), rather
     * than failing as if node 0's own names service did not answer.
     */
    @Test
    void anUnregisterWhoseHomeGoesSilentReturnsFalseOnceTheLossIsDetected() {
        cluster.awaitMesh();
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        LocalThread holder = n1.spawn(() -> receive());
        assertThat(GlobalNames.register("svc", holder)).isTrue();
        Timeouts.await(() -> cluster.call(n0, () -> GlobalNames.whereis("svc")).isPresent(), "node 0 sees svc");
        cluster.cutOneWay(n1, n0);
        assertThat(cluster.call(n0, () -> GlobalNames.unregister("svc"))).isFalse();
        assertThat(cluster.call(n0, () -> GlobalNames.whereis("svc"))).isEmpty();
        Messaging.exit(holder, "done");
    }
}
