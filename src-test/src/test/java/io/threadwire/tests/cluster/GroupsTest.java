package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.GroupEvent;
import io.threadwire.distributed.GroupMonitor;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Groups across a mesh of five nodes: joins seen everywhere, counted, taken back by leave, by a thread's end and by a node's loss. */
class GroupsTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(5, Fast::cluster).seededBy(0);

    /** Scenario: a thread of node 1 joins "g" twice; every node lists it twice; one leave leaves it listed once everywhere. */
    @Test
    void joinsAreSeenEverywhereAndCounted() {
        cluster.awaitMesh();
        Node n1 = cluster.node(1);
        LocalThread t = parked(n1);
        cluster.run(n1, () -> {
            Groups.join("g", t);
            Groups.join("g", t);
        });
        assertThat(cluster.call(n1, () -> Groups.localMembers("g"))).containsExactly(t, t);
        awaitEverywhere("g", 2);
        assertThat(cluster.call(n1, () -> Groups.leave("g", t))).isTrue();
        awaitEverywhere("g", 1);
        for (Node n : cluster.nodes()) {
            ThreadRef seen = cluster.call(n, () -> Groups.members("g").getFirst());
            assertThat(seen).isEqualTo(n == n1 ? t : Handles.of(n1, t));
        }
        assertThat(cluster.call(n1, () -> Groups.leave("g", t))).isTrue();
        assertThat(cluster.call(n1, () -> Groups.leave("g", t))).as("no join left").isFalse();
        awaitEverywhere("g", 0);
        assertThat(cluster.call(cluster.node(3), Groups::groups)).doesNotContain("g");
        Messaging.exit(t, "done");
    }

    /** Scenario: a thread that joined "g" twice and "h" once ends; it leaves every view, and a monitor on another node sees one Left per join. */
    @Test
    void aThreadThatEndsLeavesEverywhere() {
        cluster.awaitMesh();
        Node n2 = cluster.node(2), n4 = cluster.node(4);
        CountDownLatch end = new CountDownLatch(1);
        LocalThread t = n2.spawn(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        cluster.run(n2, () -> {
            Groups.join("g", t);
            Groups.join("g", t);
            Groups.join("h", t);
        });
        awaitEverywhere("g", 2);
        awaitEverywhere("h", 1);
        List<GroupEvent> events = cluster.call(n4, () -> {
            Groups.monitor("g");
            List<GroupEvent> seen = new ArrayList<>();
            seen.add(receive(GroupEvent.class, Timeouts.LONG));
            end.countDown();
            seen.add(receive(GroupEvent.class, Timeouts.LONG));
            return seen;
        });
        RemoteThread handle = Handles.of(n2, t);
        assertThat(events).containsExactly(new GroupEvent.Members("g", List.of(handle, handle)),
                new GroupEvent.Left("g", List.of(handle, handle)));
        awaitEverywhere("g", 0);
        awaitEverywhere("h", 0);
    }

    /**
     * Scenario: a thread of node 0 monitors "g": it gets the members first, then every join and
     * leave in order, from its own node and others; after cancel, nothing more.
     */
    @Test
    void aMonitorGetsTheMembersFirstThenEveryChangeInOrder() {
        cluster.awaitMesh();
        Node n0 = cluster.node(0), n3 = cluster.node(3);
        LocalThread early = parked(n3), local = parked(n0), remote = parked(n3);
        cluster.run(n3, () -> Groups.join("g", early));
        awaitEverywhere("g", 1);
        List<GroupEvent> events = cluster.call(n0, () -> {
            GroupMonitor m = Groups.monitor("g");
            List<GroupEvent> seen = new ArrayList<>();
            seen.add(receive(GroupEvent.class, Timeouts.LONG));
            Groups.join("g", local);
            seen.add(receive(GroupEvent.class, Timeouts.LONG));
            Groups.join("g", remote); // a thread of node 3: joins there, and node 0 hears of it
            seen.add(receive(GroupEvent.class, Timeouts.LONG));
            Groups.leave("g", early);
            seen.add(receive(GroupEvent.class, Timeouts.LONG));
            assertThat(m.cancel()).isTrue();
            assertThat(m.cancel()).isFalse();
            Groups.leave("g", local);
            try {
                receive(GroupEvent.class, Timeouts.SHORT);
                throw new AssertionError("an event after cancel");
            } catch (io.threadwire.core.ReceiveTimeoutException expected) {
                return seen;
            }
        });
        assertThat(events).containsExactly(
                new GroupEvent.Members("g", List.of(Handles.of(n3, early))),
                new GroupEvent.Joined("g", List.of(local)),
                new GroupEvent.Joined("g", List.of(Handles.of(n3, remote))),
                new GroupEvent.Left("g", List.of(Handles.of(n3, early))));
        List.of(early, local, remote).forEach(t -> Messaging.exit(t, "done"));
    }

    /** Scenario: join of a thread of another node, and of an ended thread, are refused with a clear exception. */
    @Test
    void badJoinsAreRefused() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        LocalThread ended = n1.spawn(() -> { });
        Timeouts.await(() -> !n1.threads().contains(ended), "the thread ends");
        assertThatThrownBy(() -> cluster.run(n1, () -> Groups.join("g", ended))).isInstanceOf(NoSuchThreadException.class);
        assertThatThrownBy(() -> cluster.run(n0, () -> Groups.join("g", Handles.of(n1, parkedRef(n1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("join there");
        assertThatThrownBy(() -> cluster.run(n0, () -> Groups.join("", parked(n0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 255");
    }

    private LocalThread parkedRef(Node n) {
        return parked(n);
    }

    /** Waits until every node lists {@code count} members of {@code group}. */
    private void awaitEverywhere(String group, int count) {
        for (Node n : cluster.nodes()) {
            Timeouts.await(() -> cluster.call(n, () -> Groups.members(group)).size() == count,
                    n.address() + " lists " + count + " members of " + group);
        }
    }

    /** A thread of {@code node} that waits until it is told to exit. */
    private static LocalThread parked(Node node) {
        return node.spawn(() -> receive());
    }
}
