package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.GlobalNameLost;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Global names across a partition: each side registers on its own, and after the heal the older registration wins and the loser is told. */
class NameConflictTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(5, Fast::cluster).seededBy(0);

    /** Scenario: {0,1} | {2,3,4}; "x" registered on node 1, then on node 3; after the heal every node shows node 1's thread, and node 3's thread is told once. */
    @Test
    void theOlderRegistrationWinsAndTheLoserIsTold() {
        conflict(cluster.node(1), cluster.node(3));
    }

    /** Scenario: as above with the sides' order reversed: "x" registered first on node 4, then on node 0. */
    @Test
    void theOlderRegistrationWinsWhicheverSideItIsOn() {
        conflict(cluster.node(4), cluster.node(0));
    }

    /** Scenario: names registered on each side of a partition are visible everywhere after it heals; a node closed meanwhile takes its names along. */
    @Test
    void namesOfBothSidesAreSeenAfterTheHeal() {
        cluster.awaitMesh();
        List<Node> left = cluster.nodes().subList(0, 2), right = cluster.nodes().subList(2, 5);
        Partitions.split(cluster, left, right);
        assertThat(GlobalNames.register("left", cluster.node(1).spawn(() -> receive()))).isTrue();
        assertThat(GlobalNames.register("right", cluster.node(2).spawn(() -> receive()))).isTrue();
        assertThat(GlobalNames.register("gone", cluster.node(4).spawn(() -> receive()))).isTrue();
        Partitions.heal(cluster, left, right);
        for (Node n : cluster.nodes()) {
            Timeouts.await(() -> cluster.call(n, GlobalNames::registeredNames).containsAll(List.of("left", "right", "gone")),
                    n.address() + " sees the names of both sides");
        }
        cluster.node(4).close();
        for (Node n : cluster.nodes().subList(0, 4)) {
            Timeouts.await(() -> cluster.call(n, GlobalNames::registeredNames).equals(java.util.Set.of("left", "right")),
                    n.address() + " drops the names of the closed node");
        }
    }

    private void conflict(Node first, Node second) {
        cluster.awaitMesh();
        List<Node> left = cluster.nodes().subList(0, 2), right = cluster.nodes().subList(2, 5);
        Partitions.split(cluster, left, right);
        Worker<Object> winner = Worker.start(first, "winner", () -> receive(Timeouts.LONG)); // its first message
        // the notice, then the next message: the test's "over", sent once every node shows the winner
        Worker<List<Object>> loser = Worker.start(second, "loser",
                () -> List.of(receive(GlobalNameLost.class, Timeouts.LONG), receive(Timeouts.LONG)));
        assertThat(GlobalNames.register("x", winner.thread())).isTrue();
        // Claims are stamped in milliseconds and a tie goes to the smaller home address: the
        // second registration must fall in a later millisecond to be the younger claim.
        long registered = System.currentTimeMillis();
        Timeouts.await(() -> System.currentTimeMillis() > registered, "the clock passes the first registration's millisecond");
        assertThat(GlobalNames.register("x", loser.thread())).as("its side does not see the other's").isTrue();
        Partitions.heal(cluster, left, right);
        ThreadRef winnerHandle = Handles.of(first, winner.thread());
        for (Node n : cluster.nodes()) {
            ThreadRef expected = n == first ? winner.thread() : winnerHandle;
            Timeouts.await(() -> cluster.call(n, () -> GlobalNames.whereis("x")).filter(expected::equals).isPresent(),
                    n.address() + " shows the older registration");
        }
        Messaging.send("over", loser.thread());
        assertThat(loser.join()).containsExactly(new GlobalNameLost("x", winnerHandle), "over");
        Messaging.send("over", winner.thread());
        assertThat(winner.join()).as("the winner hears of no loss").isEqualTo("over");
    }

}
