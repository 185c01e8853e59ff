package io.threadwire.tests;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's test-kit example, as it is printed there: if it stops compiling or passing, the README is wrong. */
class ReadmeExamplesTest {
    @RegisterExtension final Cluster cluster = Cluster.of(2);

    @Test void aPartitionFiresMonitors() {
        Node a = cluster.node(0), b = cluster.node(1);
        b.registerRemoteThread(b.spawn(() -> receive()), "server");
        ExitReason reason = cluster.call(a, () -> {            // runs on a thread of node a
            monitor(b.remoteThread("server"));
            cluster.disconnect(a, b);                          // no connection until cluster.heal(a, b)
            return receive(Down.class).reason();
        });
        assertThat(reason).isEqualTo(ExitReason.NOCONNECTION);
    }
}
