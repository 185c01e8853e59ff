package io.threadwire.tests;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "A stage that calls callAsync itself, as in callAsync(a, t).thenCompose(r -> callAsync(b, t)),
 * is that call's caller" (Messaging.callAsync): a thread of a node that composes two remote
 * calls gets the second reply, with or without a default node in the JVM.
 */
class ComposedRemoteCallTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** Scenario: a thread of node a calls a server on node b, then, in a stage, calls it again. */
    @Test
    void aStageOfAThreadOfANodeCallsThroughThatNode() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread server = b.spawn(() -> {
            for (;;) {
                handleSynchronous(x -> "served " + x);
            }
        });
        b.registerRemoteThread(server, "server");
        RemoteThread byName = b.remoteThread("server");
        Object second = cluster.call(a, () -> callAsync(1, byName)
                .thenCompose(r -> callAsync(2, byName))
                .get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(second).isEqualTo("served 2");
        exit(server, "done");
    }

    /** Scenario: as above, the second call made in an asynchronous stage. */
    @Test
    void anAsynchronousStageOfAThreadOfANodeCallsThroughThatNode() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread server = b.spawn(() -> {
            for (;;) {
                handleSynchronous(x -> "served " + x);
            }
        });
        b.registerRemoteThread(server, "server");
        RemoteThread byName = b.remoteThread("server");
        Object second = cluster.call(a, () -> callAsync(1, byName)
                .thenComposeAsync(r -> callAsync(2, byName))
                .get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(second).isEqualTo("served 2");
        exit(server, "done");
    }
}
