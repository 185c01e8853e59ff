package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two nodes that send to each other as fast as they can, each also asking the other for answers
 * (monitors of threads that do not exist, which the other node's reader answers with a
 * {@code Down}; or links to them, which it answers with their end), keep their connection. Both
 * outbound queues are full of messages all the while; a reader that waited for room in its own
 * full queue before answering would stop reading, and so would the other node's: the
 * connection then stood still until the send timeout cut it (in about 3 s here, before the
 * readers got room of their own to answer in).
 */
class MutualLoadTest {
    /** Senders per node, and threads per node that monitor missing threads one after another. */
    private static final int FLOODERS = 3, ASKERS = 4;
    /** Downs each asking thread waits for: some seconds of full load. */
    private static final int ANSWERS_EACH = 60;
    /** Small, so that the queues are full at once; the send timeout turns a standstill into a NodeDown soon. */
    private static final int OUTBOUND_BYTES = 64 << 10;
    private static final Duration SEND_TIMEOUT = Timeouts.scaled(Duration.ofSeconds(5));

    /** What an asking thread does once: asks the other node about a thread it does not have, and awaits the answer. */
    @FunctionalInterface
    private interface Ask {
        /** Returns what was wrong with the answer, or null. */
        String askAbout(RemoteThread missing);
    }

    @Test
    void nodesThatFillEachOthersQueuesStillAnswerMonitors() throws Exception {
        underLoad(missing -> {
            monitor(missing);
            Down d = (Down) receiveIf(m -> m instanceof Down, Timeouts.LONG);
            return d.reason().equals(ExitReason.NOPROC) ? null : "a monitor of a missing thread reported " + d.reason();
        });
    }

    @Test
    void nodesThatFillEachOthersQueuesStillAnswerLinks() throws Exception {
        underLoad(missing -> {
            link(missing);
            try {
                receive(Timeouts.LONG);
                return "a link to a missing thread did not fire";
            } catch (LinkedThreadException e) {
                return e.reason().equals(ExitReason.NOPROC) ? null : "a link to a missing thread reported " + e.reason();
            }
        });
    }

    private static void underLoad(Ask ask) throws Exception {
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).outboundBufferSize(OUTBOUND_BYTES)
                .sendTimeout(SEND_TIMEOUT)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            CountDownLatch answered = new CountDownLatch(2 * ASKERS);
            for (Node n : List.of(a, b)) {
                n.registerRemoteThread(n.spawn("sink", () -> {
                    for (;;) {
                        receive();
                    }
                }), "sink");
            }
            for (Node[] pair : new Node[][] {{a, b}, {b, a}}) {
                Node from = pair[0];
                Node to = pair[1];
                from.spawn("watcher", () -> {
                    from.monitorNode(to.address());
                    NodeDown down = receive(NodeDown.class);
                    problems.add(from.address() + " lost " + to.address() + ": " + down.reason());
                    for (long i = answered.getCount(); i > 0; i--) {
                        answered.countDown(); // ends the wait at once
                    }
                });
                for (int f = 0; f < FLOODERS; f++) {
                    from.spawn("flooder", () -> {
                        RemoteThread sink = RemoteThread.named(to.address(), "sink");
                        byte[] payload = new byte[200];
                        try {
                            while (flooding.get()) {
                                send(payload, sink);
                                sent.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            problems.add("a send from " + from.address() + " failed: " + e);
                        }
                    });
                }
                for (int k = 0; k < ASKERS; k++) {
                    String prefix = "nobody-" + k + "-";
                    from.spawn("asker", () -> {
                        try {
                            for (int i = 0; i < ANSWERS_EACH; i++) {
                                String problem = ask.askAbout(RemoteThread.named(to.address(), prefix + i));
                                if (problem != null) {
                                    problems.add(problem);
                                }
                            }
                        } catch (RuntimeException e) {
                            problems.add("an asker on " + from.address() + " failed: " + e);
                        }
                        answered.countDown();
                    });
                }
            }
            boolean done = answered.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
            flooding.set(false);
            assertThat(problems).as("after %,d messages", sent.get()).isEmpty();
            assertThat(done).as("every monitor answered within %s", Timeouts.LONG).isTrue();
        }
    }
}
