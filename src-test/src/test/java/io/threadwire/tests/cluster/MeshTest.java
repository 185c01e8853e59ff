package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Membership through seeds: nodes that know one seed find each other and form one full mesh, and keep it. */
class MeshTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(5, Fast::cluster).seededBy(0);

    /** Scenario: five nodes whose only seed is node 0; each lists all five as members and is connected to the four others. */
    @Test
    void fiveNodesJoinThroughOneSeedAndFormAFullMesh() {
        cluster.awaitMesh();
        List<NodeAddress> all = cluster.nodes().stream().map(Node::address).sorted(
                java.util.Comparator.comparing(NodeAddress::toString)).toList();
        for (Node n : cluster.nodes()) {
            assertThat(n.members()).extracting(Member::address).containsExactlyElementsOf(all);
            assertThat(n.members()).filteredOn(m -> m.address().equals(n.address())).singleElement()
                    .extracting(Member::incarnation).isEqualTo(n.incarnation());
            Timeouts.await(() -> n.connectedNodes().size() == 4, n.address() + " is connected to the four others");
        }
    }

    /** Scenario: a sixth node seeded by node 0 starts after the mesh formed; every node lists six, and each old node saw one NodeUp for it. */
    @Test
    void aNodeStartedLaterJoinsTheMesh() {
        cluster.awaitMesh();
        List<Worker> watchers = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            watchers.add(new Worker(n));
        }
        NodeConfig config = Fast.cluster(NodeConfig.builder()).secret(cluster.node(0).config().security().secret())
                .seeds(cluster.node(0).address()).build();
        try (Node late = Node.start(config)) {
            for (Node n : cluster.nodes()) {
                Timeouts.await(() -> n.members().size() == 6, n.address() + " lists the late node");
            }
            Timeouts.await(() -> late.members().size() == 6, "the late node lists all six");
            for (Worker w : watchers) {
                assertThat(w.events()).containsExactly(new NodeUp(late.address(), late.incarnation()));
            }
            late.close();
            for (Node n : cluster.nodes()) {
                Timeouts.await(() -> n.members().size() == 5, n.address() + " no longer lists the closed node");
            }
            for (Worker w : watchers) {
                assertThat(w.events()).hasSize(2).last().isEqualTo(new NodeDown(late.address(), "node closed"));
            }
        }
        watchers.forEach(Worker::stop);
    }

    /** A thread of one node that collects the NodeUp and NodeDown events of {@code monitorNodes}. */
    private static final class Worker {
        private final List<Object> events = java.util.Collections.synchronizedList(new ArrayList<>());
        private final io.threadwire.core.LocalThread thread;

        Worker(Node node) {
            java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
            thread = node.spawn(() -> {
                node.monitorNodes();
                subscribed.countDown();
                for (;;) {
                    events.add(receive());
                }
            });
            try {
                assertThat(subscribed.await(Timeouts.LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        List<Object> events() {
            return List.copyOf(events);
        }

        void stop() {
            io.threadwire.core.Messaging.exit(thread, "done");
        }
    }
}
