package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Handles sort (RemoteThread.ById is Comparable), and a sorted set of them travels like any message. */
class SortedHandlesTest {
    /**
     * Scenario: a thread of node A gives node B its handle; B sends back a TreeSet holding it and
     * a handle of another node, then one more message. A receives the set equal, and the next
     * message after it: the set did not cost the connection.
     */
    @Test
    void aSortedSetOfHandlesComesHomeWhole() {
        try (Cluster cluster = Cluster.start(2)) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            RemoteThread.ById elsewhere = new RemoteThread.ById(new NodeAddress("127.0.0.1", 1), 1, 1);
            Worker<TreeSet<RemoteThread.ById>> sorter = Worker.start(b, "sorter", () -> {
                RemoteThread.ById home = (RemoteThread.ById) receive(LONG);
                TreeSet<RemoteThread.ById> sorted = new TreeSet<>(List.of(home, elsewhere));
                send(sorted, home);
                send("after", home);
                return sorted;
            });
            b.registerRemoteThread(sorter.thread(), "sorter");
            Worker<List<Object>> asker = Worker.start(a, "asker", () -> {
                send(self(), b.remoteThread("sorter"));
                return List.of(receive(LONG), receive(LONG));
            });

            List<Object> received = asker.join();
            assertThat(received.get(0)).isInstanceOf(TreeSet.class).isEqualTo(sorter.join());
            assertThat(received.get(1)).isEqualTo("after");
        }
    }
}
