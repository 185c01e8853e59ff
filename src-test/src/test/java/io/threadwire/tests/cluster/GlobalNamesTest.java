package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Global names in a mesh of five: unique, found everywhere, freed by unregister, by the thread's end and by its node's loss. */
class GlobalNamesTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(5, Fast::cluster).seededBy(0);

    /** Scenario: a thread of node 1 registers "pong"; every node finds it, a thread of node 2 cannot take the name, and a send by name arrives. */
    @Test
    void aRegisteredNameIsUniqueAndFoundEverywhere() {
        cluster.awaitMesh();
        Node n1 = cluster.node(1), n2 = cluster.node(2), n4 = cluster.node(4);
        Worker<Object> pong = Worker.start(n1, "pong", () -> receive(Timeouts.LONG));
        assertThat(GlobalNames.register("pong", pong.thread())).isTrue();
        assertThat(GlobalNames.register("pong", pong.thread())).as("again, by its holder").isTrue();
        LocalThread other = n2.spawn(() -> receive());
        assertThat(GlobalNames.register("pong", other)).isFalse();
        for (Node n : cluster.nodes()) {
            Optional<ThreadRef> found = cluster.call(n, () -> GlobalNames.whereis("pong"));
            assertThat(found).as("on " + n.address()).contains(n == n1 ? pong.thread() : Handles.of(n1, pong.thread()));
        }
        cluster.run(n4, () -> GlobalNames.send("pong", "ping"));
        assertThat(pong.join()).isEqualTo("ping");
        awaitNowhere("pong");
        Messaging.exit(other, "done");
    }

    /** Scenario: a name held on node 3 is unregistered from node 0, and is then free for another thread. */
    @Test
    void aNameIsFreedByUnregisterFromAnyNode() {
        cluster.awaitMesh();
        Node n0 = cluster.node(0), n3 = cluster.node(3);
        LocalThread holder = n3.spawn(() -> receive());
        assertThat(GlobalNames.register("svc", holder)).isTrue();
        awaitEverywhere("svc");
        assertThat(cluster.call(n0, () -> GlobalNames.unregister("svc"))).isTrue();
        awaitNowhere("svc");
        assertThat(cluster.call(n0, () -> GlobalNames.unregister("svc"))).isFalse();
        LocalThread next = n0.spawn(() -> receive());
        assertThat(GlobalNames.register("svc", next)).isTrue();
        Messaging.exit(holder, "done");
        Messaging.exit(next, "done");
    }

    /** Scenario: a name's node is cut off from all the others: they free the name, and one of theirs can take it. */
    @Test
    void aNameIsFreedWhenItsNodeIsLost() {
        cluster.awaitMesh();
        Node lost = cluster.node(4);
        LocalThread holder = lost.spawn(() -> receive());
        assertThat(GlobalNames.register("db", holder)).isTrue();
        awaitEverywhere("db");
        Partitions.split(cluster, cluster.nodes().subList(0, 4), java.util.List.of(lost));
        for (Node n : cluster.nodes().subList(0, 4)) {
            Timeouts.await(() -> cluster.call(n, () -> GlobalNames.whereis("db")).isEmpty(), n.address() + " frees db");
        }
        assertThat(GlobalNames.register("db", cluster.node(2).spawn(() -> receive()))).isTrue();
    }

    /**
     * Scenario: a supervisor on node 1 monitors a worker, then the worker takes a global name
     * and ends; told of the end by its Down, the supervisor registers the name again, on the
     * worker's own node: the name is free, 20 times out of 20. (The monitor is older than the
     * name, so its Down is sent before the name's release reaches the names service; other
     * monitors of the worker widen that gap.)
     */
    @Test
    void aNameIsFreeOnItsHomeOnceItsHoldersEndIsSeen() {
        cluster.awaitMesh();
        Node n1 = cluster.node(1);
        for (int round = 0; round < 20; round++) {
            String name = "worker-" + round;
            boolean again = cluster.call(n1, () -> {
                LocalThread worker = n1.spawn(() -> receive());
                for (int i = 0; i < 1_000; i++) {
                    Messaging.monitor(worker);
                }
                assertThat(GlobalNames.register(name, worker)).isTrue();
                Messaging.exit(worker, "restart");
                receive(io.threadwire.core.Down.class, Timeouts.LONG);
                return GlobalNames.register(name, Messaging.self());
            });
            assertThat(again).as("round " + round + ": the name of the ended worker is free").isTrue();
        }
    }

    /** Scenario: register with a thread of another node, an ended thread or a bad name fails with a clear exception. */
    @Test
    void badRegistrationsAreRefused() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        LocalThread ended = n1.spawn(() -> { });
        Timeouts.await(() -> !n1.threads().contains(ended), "the thread ends");
        assertThatThrownBy(() -> GlobalNames.register("x", ended)).isInstanceOf(NoSuchThreadException.class);
        assertThatThrownBy(() -> GlobalNames.register("x", Handles.of(n1, n1.spawn(() -> receive()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("register there");
        assertThatThrownBy(() -> GlobalNames.register("", n0.spawn(() -> receive())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> cluster.run(n0, () -> GlobalNames.send("nobody", "hi")))
                .isInstanceOf(NoSuchThreadException.class).hasMessageContaining("nobody");
    }

    private void awaitEverywhere(String name) {
        for (Node n : cluster.nodes()) {
            Timeouts.await(() -> cluster.call(n, () -> GlobalNames.whereis(name)).isPresent(), n.address() + " finds " + name);
        }
    }

    private void awaitNowhere(String name) {
        for (Node n : cluster.nodes()) {
            Timeouts.await(() -> cluster.call(n, () -> GlobalNames.whereis(name)).isEmpty(), n.address() + " frees " + name);
        }
    }
}
