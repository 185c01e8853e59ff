package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A name is registered on the node of its thread. Registered on another node, a watcher that
 * monitors the name got the thread's Down (through that node) before the message the thread had
 * sent it just before it ended (through its own node), against "a thread's Down never passes its
 * last messages".
 */
class RegisterOnOwnNodeTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** Scenario: a thread of node b registered on node a, by mistake. */
    @Test
    void aThreadOfAnotherNodeIsRefusedSayingWhereToRegisterIt() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread ofB = b.spawn(() -> receive(Timeouts.LONG));
        assertThatThrownBy(() -> a.registerRemoteThread(ofB, "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to node " + b.address())
                .hasMessageContaining("register it there")
                .hasMessageContaining("Distributed.registerRemoteThread(thread, name)");
        assertThat(a.whereis("t")).isEmpty();
        Distributed.registerRemoteThread(ofB, "t");            // the rule that finds its node
        assertThat(b.whereis("t")).contains(ofB);
        b.registerRemoteThread(ofB, "t2");                     // and its own node, directly
        assertThat(b.whereis("t2")).contains(ofB);
        io.threadwire.core.Messaging.exit(ofB, io.threadwire.core.ExitReason.NORMAL);
    }
}
