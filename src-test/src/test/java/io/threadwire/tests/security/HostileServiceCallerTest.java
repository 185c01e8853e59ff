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
import io.threadwire.testkit.Worker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
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
            Object answer = Worker.start(attacker.node, "asker", () -> {
                send(new Synchronous(new InspectProtocol.Ping(), new RemoteThread.ById(trapAddress, 1, 1), 7), service);
                // handled after the forged one: it came on the same connection, from the same thread
                return sendSynchronous(new InspectProtocol.Ping(), service, LONG);
            }).join();
            assertThat(answer).as("the peer's own request is answered").isInstanceOf(Member.class);
            assertThat(log.lines()).anyMatch(l -> l.contains("ignored a request from " + attacker.node.address())
                    && l.contains(trapAddress.toString()));
            trap.setSoTimeout(1); // not a wait for something: had it dialed, the connection would be queued by now
            try {
                trap.accept().close();
                throw new AssertionError("the attacked node dialed the address the forged request named");
            } catch (SocketTimeoutException nothingDialed) {
                // as it should be
            }
        }
    }
}
