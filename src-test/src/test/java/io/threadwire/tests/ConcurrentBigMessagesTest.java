package io.threadwire.tests;

import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads of one node sending big messages to another at the same time. Their fragments
 * share the connection's bulk lane and so arrive interleaved: the receiver puts several of them
 * together at once. What a sender that keeps to its own limits sends must never look to the
 * receiver like a peer that breaks them (a protocol violation closes the connection, and every
 * message in flight on it is lost).
 */
class ConcurrentBigMessagesTest {
    private static final int MAX_MESSAGE = 256 << 10;
    private static final int SIZE = 200 << 10;   // a little under the maximum: four fragments of 64 KiB
    private static final int SENDERS = 8;
    private static final int PER_SENDER = 4;

    /**
     * Scenario: eight threads each send four messages of 200 KiB (the maximum is 256 KiB) to one
     * thread of another node, over a connection whose outbound buffer (64 KiB) holds one
     * fragment at a time, so the senders take turns fragment by fragment. All 32 arrive, in each
     * sender's order, and the connection stays up: the sending node's monitor of the receiver
     * sees it end {@code normal}, not lose it ({@code noconnection}).
     */
    @Test
    void bigMessagesFromManyThreadsAtOnceAllArriveOnOneConnection() throws InterruptedException {
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).maxMessageSize(MAX_MESSAGE)
                .outboundBufferSize(64 << 10)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<String> sink = Worker.start(b, "sink", () -> {
                int[] next = new int[SENDERS];
                for (int i = 0; i < SENDERS * PER_SENDER; i++) {
                    byte[] got;
                    try {
                        got = receive(byte[].class, LONG);
                    } catch (ReceiveTimeoutException e) {
                        return "only " + i + " of " + SENDERS * PER_SENDER + " arrived";
                    }
                    int sender = got[0];
                    if (got.length != SIZE || got[1] != next[sender]) {
                        return "message " + i + " from sender " + sender + " is number " + got[1] + " of "
                                + got.length + " bytes where number " + next[sender] + " was due";
                    }
                    next[sender]++;
                }
                return "all arrived";
            });
            RemoteThread target = new RemoteThread.ById(b.address(), b.incarnation(), sink.thread().id());
            CountDownLatch watching = new CountDownLatch(1);
            Worker<ExitReason> watcher = Worker.start(a, "watcher", () -> {
                monitor(target);
                watching.countDown(); // its Monitor goes before any message: a loss of the connection reaches it
                return receive(Down.class, LONG).reason(); // one Down: the sink's end, or the connection's loss first
            });
            assertThat(watching.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            List<Worker<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int me = s;
                senders.add(Worker.start(a, "sender-" + me, () -> {
                    for (int seq = 0; seq < PER_SENDER; seq++) {
                        byte[] bytes = new byte[SIZE];
                        bytes[0] = (byte) me;
                        bytes[1] = (byte) seq;
                        send(bytes, target);
                    }
                    return null;
                }));
            }
            senders.forEach(Worker::join);
            assertThat(sink.join()).isEqualTo("all arrived");
            assertThat(watcher.join()).isEqualTo(ExitReason.NORMAL);
        }
    }
}
