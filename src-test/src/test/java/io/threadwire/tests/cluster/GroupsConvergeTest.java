package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Group views after partitions: each side loses the other's members, and all views converge once it heals, without joining again. */
class GroupsConvergeTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(5, Fast::cluster).seededBy(0);

    /**
     * Scenario: the mesh splits into {0,1} and {2,3,4}; on both sides threads join, leave and
     * end; after the heal every node holds the same multiset of members of "g", equal to the
     * joins still standing, and no thread joined again.
     */
    @RepeatedTest(3)
    void viewsConvergeAfterAPartitionHeals() {
        cluster.awaitMesh();
        List<Node> left = cluster.nodes().subList(0, 2), right = cluster.nodes().subList(2, 5);
        List<ThreadRef> standing = new ArrayList<>();
        LocalThread before = parked(cluster.node(3));
        Groups.join("g", before);
        LocalThread endsDuringSplit = parked(cluster.node(4));
        Groups.join("g", endsDuringSplit);
        LocalThread leavesDuringSplit = parked(cluster.node(1));
        Groups.join("g", leavesDuringSplit);
        standing.add(Handles.of(cluster.node(3), before));
        awaitEverywhere(3);

        Partitions.split(cluster, left, right);
        for (Node n : cluster.nodes()) {
            LocalThread t = parked(n);
            Groups.join("g", t);
            Groups.join("g", t);
            standing.add(Handles.of(n, t));
            standing.add(Handles.of(n, t));
        }
        Groups.leave("g", leavesDuringSplit);
        Messaging.exit(endsDuringSplit, "gone");
        Timeouts.await(() -> cluster.call(cluster.node(1), () -> Groups.members("g")).size() == 2 + 2,
                "node 1 sees its side's members only (two of node 0's, two of its own)");

        Partitions.heal(cluster, left, right);
        Map<ThreadRef, Long> expected = count(standing);
        for (Node n : cluster.nodes()) {
            Timeouts.await(() -> count(asSeenFrom(n, cluster.call(n, () -> Groups.members("g")))).equals(expected),
                    n.address() + " sees every standing join and nothing else");
        }
    }

    /** {@code members} as handles, whichever node listed them (its own threads it lists as LocalThreads). */
    private List<ThreadRef> asSeenFrom(Node n, List<ThreadRef> members) {
        return members.stream().map(t -> t instanceof LocalThread l ? Handles.of(n, l) : t).toList();
    }

    private static Map<ThreadRef, Long> count(List<ThreadRef> threads) {
        return threads.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private void awaitEverywhere(int count) {
        for (Node n : cluster.nodes()) {
            Timeouts.await(() -> cluster.call(n, () -> Groups.members("g")).size() == count,
                    n.address() + " lists " + count + " members");
        }
    }

    private static LocalThread parked(Node node) {
        return node.spawn(() -> receive());
    }

}
