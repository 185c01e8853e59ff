package io.threadwire.tests;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Per-sender order of messages across nodes, with many senders at once. */
class MessageOrderTest {
    /** Message {@code n} of sender {@code sender}. */
    record Seq(int sender, int n) {
    }

    /** Message {@code n} of sender {@code sender}, big enough to travel in fragments. */
    record BigSeq(int sender, int n, byte[] padding) {
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

    /**
     * Scenario: 3 threads of node A each send 6,000 messages to one thread of node B in bursts
     * of 1 to 5, and after each burst make a synchronous call to that thread (which watches it
     * for the call); one message in 300 is 300 KiB, sent in fragments. The connection goes quiet
     * during the calls, so messages leave both written by their sender itself and queued for the
     * connection's writer, between the calls' watches and behind fragments. Each sender's
     * messages arrive complete and strictly in order, and every call gets its reply.
     */
    @Test
    void burstsBetweenCallsKeepEachSendersOrderWhetherWrittenBySenderOrQueued() {
        int senders = 3;
        int perSender = 6_000;
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Seq.class).register(BigSeq.class)).start()) {
            Node sink = cluster.node(0);
            Worker<Seen> receiver = Worker.start(sink, "receiver", () -> {
                int[] next = new int[senders];
                List<String> violations = new ArrayList<>();
                for (long seen = 0, total = (long) senders * perSender; seen < total; ) {
                    Object m = receive(Object.class, LONG);
                    if (m instanceof Synchronous call) {
                        replySynchronous(call.data(), call);
                        continue;
                    }
                    int sender = m instanceof Seq q ? q.sender() : ((BigSeq) m).sender();
                    int n = m instanceof Seq q ? q.n() : ((BigSeq) m).n();
                    if (n != next[sender] && violations.size() < 10) {
                        violations.add("sender " + sender + ": expected " + next[sender] + ", got " + n);
                    }
                    next[sender] = n + 1;
                    seen++;
                }
                return new Seen(next, violations);
            });
            sink.registerRemoteThread(receiver.thread(), "receiver");
            RemoteThread target = sink.remoteThread("receiver");
            List<Worker<Integer>> workers = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                workers.add(Worker.start(cluster.node(1), "sender-" + sender, () -> {
                    SplittableRandom random = new SplittableRandom(sender);
                    int wrongReplies = 0;
                    for (int n = 0; n < perSender; ) {
                        for (int burst = random.nextInt(1, 6); burst > 0 && n < perSender; burst--, n++) {
                            send(n % 300 == 299 ? new BigSeq(sender, n, new byte[300 * 1024]) : new Seq(sender, n), target);
                        }
                        if (n < perSender && !sendSynchronous(n, target, LONG).equals(n)) { // none after the last: the receiver ends
                            wrongReplies++;
                        }
                    }
                    return wrongReplies;
                }));
            }
            List<Integer> wrongReplies = workers.stream().map(Worker::join).toList();
            Seen seen = receiver.join();
            assertThat(seen.violations()).isEmpty();
            int[] expected = new int[senders];
            Arrays.fill(expected, perSender);
            assertThat(seen.counts()).containsExactly(expected);
            assertThat(wrongReplies).containsOnly(0);
        }
    }

    /**
     * Scenario: a thread of node B streams 300 KiB messages to node A without pause, so that the
     * connection's queue always holds fragments, which small items of other threads pass. Twenty
     * times, a thread of A watches a new thread T of B and tells it to go; T sends a 300 KiB
     * message, then a small one, and ends. The watcher gets T's two messages in order and only
     * then T's Down: neither T's small message nor the Down the node sends for it passes what
     * T queued before.
     */
    @Test
    void aThreadsMessagesAndThenItsDownArriveInOrderWhileAnotherThreadStreams() {
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Seq.class).register(BigSeq.class)).start()) {
            Node a = cluster.node(0), b = cluster.node(1);
            Worker<Integer> bulk = Worker.start(a, "bulk", () -> {
                int got = 0;
                while (!(receive(Object.class, LONG) instanceof String)) {
                    got++;
                }
                return got;
            });
            a.registerRemoteThread(bulk.thread(), "bulk");
            RemoteThread bulkTarget = a.remoteThread("bulk");
            AtomicBoolean streaming = new AtomicBoolean(true);
            Worker<Integer> streamer = Worker.start(b, "streamer", () -> {
                int sent = 0;
                for (; streaming.get(); sent++) {
                    send(new BigSeq(-1, sent, new byte[300 * 1024]), bulkTarget);
                }
                send("done", bulkTarget);
                return sent;
            });
            List<String> seen = cluster.call(a, () -> {
                List<String> out = new ArrayList<>();
                for (int round = 0; round < 20; round++) {
                    int r = round;
                    LocalThread t = b.spawn(() -> {
                        ThreadRef watcher = receive(ThreadRef.class, LONG);
                        send(new BigSeq(r, 0, new byte[300 * 1024]), watcher);
                        send(new Seq(r, 1), watcher);
                    });
                    b.registerRemoteThread(t, "t" + round);
                    RemoteThread remote = b.remoteThread("t" + round);
                    monitor(remote);
                    send(self(), remote);
                    for (int i = 0; i < 3; i++) {
                        Object m = receive(Object.class, LONG);
                        out.add(m instanceof BigSeq g ? "big " + g.sender()
                                : m instanceof Seq q ? "small " + q.sender()
                                : m instanceof Down ? "down " + round : m.toString());
                    }
                }
                return out;
            });
            streaming.set(false);
            assertThat(streamer.join()).isPositive();
            assertThat(bulk.join()).isPositive();
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                expected.addAll(List.of("big " + round, "small " + round, "down " + round));
            }
            assertThat(seen).containsExactlyElementsOf(expected);
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
