package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret asks the attacked node's node service a question in a
 * request that names, as its caller, a thread at an address of the peer's choosing (here a
 * plain listening socket). Answering would make the attacked node dial that address: a holder of
 * the secret could point it at any host and port. The node service answers only the node that
 * asks; the forged request is ignored with a warning, and the peer's own requests are answered.
 */
class HostileServiceCallerTest {
    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED);

    @Test
    void aRequestWhoseCallerIsElsewhereIsIgnoredAndDialsNothing() throws Exception {
        Node attacked = AttackedNode.attacked(cluster);
        ClusterAttacker attacker = new ClusterAttacker(cluster);
        try (attacker; ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             LogCapture log = LogCapture.start()) {
            NodeAddress trapAddress = new NodeAddress("127.0.0.1", trap.getLocalPort());
            RemoteThread service = attacked.remoteThread("threadwire.node");
            long sent = System.nanoTime();
            Object answer = Worker.start(attacker.node, "asker", () -> {
                send(new Synchronous(new InspectProtocol.Ping(), new RemoteThread.ById(trapAddress, 1, 1), 7), service);
                // handled after the forged one: it came on the same connection, from the same thread
                return sendSynchronous(new InspectProtocol.Ping(), service, LONG);
            }).join();
            Duration answerTook = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(answer).as("the peer's own request is answered").isInstanceOf(Member.class);
            assertNothingDialed(trap, trapAddress, answerTook);
            assertThat(log.lines()).anyMatch(l -> l.contains("ignored a request from " + attacker.node.address())
                    && l.contains(trapAddress.toString()));
        }
    }

    /**
     * Fails if a connection reaches {@code trap}. The honest answer is the point from which to
     * look: the forged request was handled before it, so an answer to the forged one had been
     * sent (its dial begun) before the honest answer left. A dial started then reaches the trap
     * within about what the honest round trip took; the trap is watched for twice that, and at
     * least {@link Timeouts#SHORT}, so a dial slowed by a busy machine is still seen.
     */
    private static void assertNothingDialed(ServerSocket trap, NodeAddress trapAddress, Duration answerTook)
            throws IOException {
        Duration twice = answerTook.multipliedBy(2);
        trap.setSoTimeout(Math.toIntExact((twice.compareTo(Timeouts.SHORT) > 0 ? twice : Timeouts.SHORT).toMillis()));
        try (Socket dialed = trap.accept()) {
            throw new AssertionError("the attacked node dialed " + trapAddress + ", the address the forged request named"
                    + " (connection from " + dialed.getRemoteSocketAddress() + ")");
        } catch (SocketTimeoutException nothingDialed) {
            // as it should be: no connection within the time an answer to the forged request would have taken
        }
    }
}
