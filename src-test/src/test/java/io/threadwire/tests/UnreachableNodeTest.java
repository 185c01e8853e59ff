package io.threadwire.tests;

import static io.threadwire.core.Messaging.callAsync;
import static io.threadwire.core.Messaging.droppedMessageCount;
import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sends, calls and monitors aimed at an address where no node answers: a send never throws and
 * never waits for the connection; what cannot be delivered is dropped and counted, and reported
 * through monitors; a call fails promptly.
 */
class UnreachableNodeTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(1, b -> tolerant(b));

    private NodeAddress nowhere;

    @BeforeEach
    void findAPortWhereNothingListens() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            nowhere = new NodeAddress("127.0.0.1", probe.getLocalPort());
        }
    }

    /** Scenario: a send to a port where nothing listens returns normally; the message is dropped and counted. */
    @Test
    void aSendToAPortWhereNothingListensIsDroppedAndCounted() {
        Node a = cluster.node(0);
        long droppedBefore = a.stats().messagesDropped();
        long jvmDroppedBefore = droppedMessageCount();
        Worker.start(a, "sender", () -> {
            send("hello", RemoteThread.named(nowhere, "logger"));
            return null;
        }).join();
        Timeouts.await(() -> a.stats().messagesDropped() == droppedBefore + 1, "the node counts the message as dropped");
        // the JVM-wide count is raised after the node's: wait for it too rather than read it once
        Timeouts.await(() -> droppedMessageCount() > jvmDroppedBefore, "the JVM counts the message as dropped");
    }

    /**
     * Scenario: a peer accepts the TCP connection but never answers the handshake. A thousand
     * sends return while the connection attempt is still under way (they are kept for it, not
     * waited on); when the attempt gives up all are dropped and counted, the monitor fires and
     * node monitors hear NodeDown.
     */
    @Test
    void sendsToAPeerThatNeverAnswersDoNotWaitForIt() throws IOException {
        Duration connectTimeout = Duration.ofSeconds(4);
        try (Cluster c = Cluster.of(1, b -> b.connectTimeout(connectTimeout).handshakeTimeout(connectTimeout)).start();
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Node a = c.node(0);
            NodeAddress mute = new NodeAddress("127.0.0.1", silent.getLocalPort());
            RemoteThread target = RemoteThread.named(mute, "anyone");
            long droppedBefore = a.stats().messagesDropped();
            Object[] seen = c.call(a, () -> {
                a.monitorNode(mute);
                monitor(target);
                for (int i = 0; i < 1_000; i++) {
                    send(i, target);
                }
                long droppedRightAfter = a.stats().messagesDropped();
                boolean nodeDownYet;
                try {
                    receiveIf(m -> m instanceof NodeDown, Duration.ZERO);
                    nodeDownYet = true;
                } catch (ReceiveTimeoutException none) {
                    nodeDownYet = false;
                }
                Down down = receive(Down.class, LONG);
                receive(NodeDown.class, LONG);
                return new Object[] {droppedRightAfter, nodeDownYet, down};
            });
            assertThat((long) seen[0]).as("nothing dropped while the attempt is under way").isEqualTo(droppedBefore);
            assertThat((boolean) seen[1]).as("no NodeDown while the attempt is under way").isFalse();
            assertThat(seen[2]).isEqualTo(new Down(target, ExitReason.NOCONNECTION));
            Timeouts.await(() -> a.stats().messagesDropped() == droppedBefore + 1_000,
                    "the messages kept for the attempt are dropped and counted when it fails");
        }
    }

    /** Scenario: a monitor on a thread of an address where nothing listens delivers Down with reason noconnection. */
    @Test
    void aMonitorOnAThreadWhereNothingListensReportsNoconnection() {
        Node a = cluster.node(0);
        RemoteThread target = RemoteThread.named(nowhere, "logger");
        Worker<Down> watcher = Worker.start(a, "watcher", () -> {
            monitor(target);
            return receive(Down.class, LONG);
        });
        assertThat(watcher.join()).isEqualTo(new Down(target, ExitReason.NOCONNECTION));
    }

    /**
     * Scenario: a link to a thread of an address where nothing listens raises noconnection in the
     * linker, once, and leaves nothing behind.
     */
    @Test
    void aLinkToAThreadWhereNothingListensRaisesNoconnectionOnce() {
        Node a = cluster.node(0);
        RemoteThread target = RemoteThread.named(nowhere, "logger");
        Worker<List<Object>> linker = Worker.start(a, "linker", () -> {
            link(target);
            List<Object> seen = new ArrayList<>();
            for (;;) {
                try {
                    seen.add(receive(Duration.ofMillis(500)));
                } catch (LinkedThreadException e) {
                    seen.add(e.reason());
                } catch (ReceiveTimeoutException nothingMore) {
                    return seen;
                }
            }
        });
        assertThat(linker.join()).containsExactly(ExitReason.NOCONNECTION);
    }

    /**
     * Scenario: a synchronous call, and an asynchronous one, to a port where nothing listens fail
     * with CallFailedException (noconnection) naming the target and its node, at once (the
     * connection is refused), not at the call's timeout.
     */
    @Test
    void aCallToAnUnreachableNodeFailsPromptly() {
        Node a = cluster.node(0);
        RemoteThread target = RemoteThread.named(nowhere, "logger");
        Worker<Void> caller = Worker.start(a, "caller", () -> {
            assertThatThrownBy(() -> sendSynchronous("hello", target))
                    .isInstanceOfSatisfying(CallFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION))
                    .hasMessageContaining(nowhere.toString());
            assertThatThrownBy(() -> callAsync("hello", target).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(CallFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION));
            return null;
        });
        caller.join();
    }
}
