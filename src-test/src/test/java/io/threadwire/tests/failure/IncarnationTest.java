package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;

/** A node restarted on the same host and port is a new incarnation: old handles reach nothing in it. */
class IncarnationTest {
    private static final String SECRET = "incarnation-test-secret-0123456789";

    private static Node startB(int port) {
        return Node.start(NodeConfig.builder().port(port).secret(SECRET).build());
    }

    /** A thread registered as "worker" that answers each call with its own handle and keeps serving. */
    private static void startWorker(Node b) {
        LocalThread worker = b.spawn(() -> {
            for (;;) {
                Synchronous call = receive(Synchronous.class);
                if ("who?".equals(call.data())) {
                    replySynchronous(self(), call);
                } else {
                    replySynchronous("got " + call.data(), call);
                }
            }
        });
        b.registerRemoteThread(worker, "worker");
    }

    /**
     * Scenario: A holds the handle of a thread of B; B restarts on the same port. A send to the old
     * handle is dropped and counted by the new B, a monitor on it reports noproc, and the name
     * registered on the new B works at once; the connection re-establishes on the next send.
     */
    @Test
    void restartedNodeRejectsHandlesOfTheOldIncarnation() {
        try (Cluster cluster = Cluster.of(1, b -> b.secret(SECRET)).start()) {
            Node a = cluster.node(0);
            Node oldB = startB(0);
            int port = oldB.address().port();
            startWorker(oldB);
            ThreadRef oldHandle = cluster.call(a, () -> (ThreadRef) sendSynchronous("who?", oldB.remoteThread("worker"), LONG));
            assertThat(oldHandle).isInstanceOf(RemoteThread.ById.class);
            oldB.close();

            try (Node newB = startB(port)) {
                assertThat(newB.incarnation()).isNotEqualTo(oldB.incarnation());
                startWorker(newB);
                long droppedBefore = newB.stats().messagesDropped();
                Object byName = cluster.call(a, () -> {
                    Object reply = sendSynchronous("hello", newB.remoteThread("worker"), LONG); // reconnects
                    send("to the old incarnation", oldHandle);
                    monitor(oldHandle);
                    Down down = receive(Down.class, LONG);
                    assertThat(down.reason()).isEqualTo(ExitReason.NOPROC);
                    return reply;
                });
                assertThat(byName).isEqualTo("got hello");
                Timeouts.await(() -> newB.stats().messagesDropped() > droppedBefore,
                        "the new incarnation counts the stale message as dropped");
            }
        }
    }

    /**
     * Scenario, 20 times: A calls a thread of a new node B; a thread of B sends 20,000 messages to
     * a thread of A, so that A's reader is still busy with them when B closes. When B's close
     * returns, A no longer has a connection to B: it read B's goodbye and let go, so its next
     * message to B's address (a restarted B) opens a new connection instead of going out on the
     * old one.
     */
    @Test
    void whenCloseReturnsItsPeersHaveLetGo() {
        try (Cluster cluster = Cluster.of(1, b -> b.secret(SECRET)).start()) {
            Node a = cluster.node(0);
            LocalThread sink = a.spawn(() -> {
                for (;;) {
                    receive();
                }
            });
            for (int round = 0; round < 20; round++) {
                Node b = startB(0);
                startWorker(b);
                cluster.call(a, () -> sendSynchronous("hello", b.remoteThread("worker"), LONG));
                cluster.run(b, () -> {
                    for (int i = 0; i < 20_000; i++) {
                        send(i, sink);
                    }
                });
                b.close();
                assertThat(a.connectedNodes()).as("round %d", round).doesNotContain(b.address());
            }
        }
    }
}
