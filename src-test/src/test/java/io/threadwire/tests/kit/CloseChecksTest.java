package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a cluster checks as it closes: faults lifted and links whole again, nothing lost uncounted. */
class CloseChecksTest {
    private static Cluster fast(int nodes) {
        return Cluster.of(nodes, b -> b.heartbeatInterval(Duration.ofMillis(50)).heartbeatTimeout(Duration.ofMillis(250))
                .connectTimeout(Duration.ofSeconds(1))).start();
    }

    /** Faults a test leaves in force are lifted at close, and the nodes then reach each other: the close passes. */
    @Test
    void faultsLeftInForceAreLiftedAndTheClosePasses() {
        Cluster cluster = fast(3);
        Node a = cluster.node(0), b = cluster.node(1), c = cluster.node(2);
        RemoteThread echo = Watch.echo(b);
        cluster.call(a, () -> sendSynchronous("connect", echo, LONG));
        cluster.cutOneWay(a, b);
        cluster.delay(b, c, Duration.ofMillis(20), Duration.ZERO);
        cluster.freeze(c);
        assertThat(cluster.faultsInForce()).hasSize(4);
        assertThatCode(cluster::close).doesNotThrowAnyException();
        assertThat(cluster.faultsInForce()).isEmpty();
        assertThat(cluster.nodes()).allMatch(Node::isClosed);
    }

    /**
     * A link that stays broken once the kit's faults are lifted (here a node frozen behind the
     * kit's back) fails the close, naming the nodes that could not reach each other, what each
     * node held for its peers then, and a file with the stacks of the JVM's threads.
     */
    @Test
    void aLinkThatStaysBrokenFailsTheClose() {
        Cluster cluster = fast(2);
        Node a = cluster.node(0), b = cluster.node(1);
        cluster.delay(a, b, Duration.ofMillis(1), Duration.ZERO);
        cluster.heal(a, b);
        Faults.of(b).freeze(); // not through the kit: nothing lifts it
        assertThatThrownBy(cluster::close).isInstanceOf(AssertionError.class)
                .hasMessageContaining("after the faults were lifted, n0 " + a.address() + " did not reach n1 " + b.address())
                .hasMessageContaining("faults of the test")
                .hasMessageContaining("what the nodes held for their peers then")
                .hasMessageContaining(b.address() + ": installed ")
                .satisfies(e -> {
                    Matcher m = Pattern.compile("threads dumped to (\\S+\\.txt)").matcher(e.getMessage());
                    assertThat(m.find()).as("the message names the thread dump").isTrue();
                    assertThat(Files.readString(Path.of(m.group(1)))).contains("threadwire-");
                });
        assertThat(b.isClosed()).isTrue();
    }

    /**
     * A message that a node of the cluster counts as sent, and that no node of the cluster
     * received or counted as dropped, fails the close (here it went to a node outside the
     * cluster; no connection was lost, so the counts must balance). Both ends keep the default
     * heartbeats: with the fast ones on one side only, the outside node's silence would close
     * the connection, and a lost connection excuses the balance. The cluster services' own
     * traffic between the two, which goes on as the cluster's node stops, must not count.
     */
    @Test
    void aMessageLostUncountedFailsTheClose() {
        Cluster cluster = Cluster.of(1).start();
        try (Node outside = Node.start(NodeConfig.builder().port(0).secret(secretOf(cluster)).build())) {
            outside.registerRemoteThread(outside.spawn(() -> receive(LONG)), "sink");
            cluster.run(cluster.node(0), () -> send("counted as sent, received outside", outside.remoteThread("sink")));
            Timeouts.await(() -> outside.stats().messagesReceived() == 1, "the node outside the cluster has the message");
            assertThatThrownBy(cluster::close).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("messages lost uncounted").hasMessageContaining("sent 1");
        }
    }

    private static byte[] secretOf(Cluster cluster) {
        return cluster.node(0).config().security().secret();
    }
}
