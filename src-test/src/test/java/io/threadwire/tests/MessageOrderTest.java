package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-sender order of messages across nodes, with many senders at once. */
class MessageOrderTest {
    /** Message {@code n} of sender {@code sender}. */
    record Seq(int sender, int n) {
    }

    /** What the receiver saw: how many messages of each sender, and the first out-of-order ones. */
    record Seen(int[] counts, List<String> violations) {
    }

    /**
     * Scenario: 4 threads of node A send 25,000 messages each (100,000 for the pair) to one
     * thread of node B; each sender's messages arrive complete and strictly in order.
     */
    @Test
    void fourSendersToOneReceiverOnAnotherNodeKeepTheirOrder() {
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Seq.class)).start()) {
            assertOrderKept(cluster, 4, 25_000);
        }
    }

    /**
     * Scenario: on 5 nodes, 2 threads on each of 4 nodes send 50,000 messages each (100,000 per
     * pair of nodes) to one thread of the fifth; each sender's messages arrive complete and in order.
     */
    @Test
    void allToOneOnFiveNodesKeepsEachSendersOrder() {
        try (Cluster cluster = Cluster.of(5, b -> tolerant(b).register(Seq.class)).start()) {
            assertOrderKept(cluster, 2, 50_000);
        }
    }

    /** Node 0 receives; every other node runs {@code sendersPerNode} senders of {@code perSender} messages. */
    private static void assertOrderKept(Cluster cluster, int sendersPerNode, int perSender) {
        Node sink = cluster.node(0);
        int senders = (cluster.size() - 1) * sendersPerNode;
        Worker<Seen> receiver = Worker.start(sink, "receiver", () -> {
            int[] next = new int[senders];
            List<String> violations = new ArrayList<>();
            for (long i = 0, total = (long) senders * perSender; i < total; i++) {
                Seq m = receive(Seq.class, LONG);
                if (m.n() != next[m.sender()] && violations.size() < 10) {
                    violations.add("sender " + m.sender() + ": expected " + next[m.sender()] + ", got " + m.n());
                }
                next[m.sender()] = m.n() + 1;
            }
            return new Seen(next, violations);
        });
        sink.registerRemoteThread(receiver.thread(), "receiver");
        RemoteThread target = sink.remoteThread("receiver");
        for (int node = 1; node < cluster.size(); node++) {
            // connect first: a handshake competes for the CPU with the senders' traffic of the other nodes
            Worker.run(cluster.node(node), "connect", () -> send("warm-up", sink.remoteThread("nobody"))).join();
        }
        List<Worker<Void>> workers = new ArrayList<>();
        for (int node = 1; node < cluster.size(); node++) {
            for (int s = 0; s < sendersPerNode; s++) {
                int sender = (node - 1) * sendersPerNode + s;
                workers.add(Worker.run(cluster.node(node), "sender-" + sender, () -> {
                    for (int n = 0; n < perSender; n++) {
                        send(new Seq(sender, n), target);
                    }
                }));
            }
        }
        workers.forEach(Worker::join);
        Seen seen = receiver.join();
        assertThat(seen.violations()).isEmpty();
        int[] expected = new int[senders];
        Arrays.fill(expected, perSender);
        assertThat(seen.counts()).containsExactly(expected);
    }
}
