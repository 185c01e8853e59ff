package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A dial under way when its node crashes or freezes: a killed process opens no connection, a
 * stopped one opens it only once it runs again. The far end is a plain server socket, which
 * shows what reaches the network. The test holds the dial after its first look at the node's
 * faults with a link filter of its own (the SPI), whose {@code connects()}, asked by the dial
 * next, waits until the test lets it go. (The far end never answers the dial's handshake, so the
 * thawed node's dial fails at its connect timeout, which the node's close waits for.)
 */
@ThreadwireCluster(nodes = 1)
class DialInFlightTest {

    /** Scenario: a crashes while its dial is under way: nothing connects to the far end. */
    @Test
    void aNodeThatCrashesWhileDialingOpensNoConnection(Cluster cluster, Node a) throws Exception {
        try (ServerSocket far = farEnd()) {
            HeldDial dial = HeldDial.on(a, far);
            cluster.crash(a);
            dial.letGo();
            dial.awaitEnd();
            assertThat(acceptWithin(far, Timeouts.SHORT)).as("a connection from a, made after it crashed").isNull();
        }
    }

    /** Scenario: a freezes while its dial is under way: nothing connects until a is thawed, then the dial goes on. */
    @Test
    void aNodeThatFreezesWhileDialingConnectsOnlyOnceThawed(Cluster cluster, Node a) throws Exception {
        try (ServerSocket far = farEnd()) {
            HeldDial dial = HeldDial.on(a, far);
            cluster.freeze(a);
            dial.letGo();
            Socket whileFrozen = acceptWithin(far, Timeouts.SHORT);
            cluster.thaw(a);
            assertThat(whileFrozen).as("a connection from a, made while it was frozen").isNull();
            try (Socket afterThaw = acceptWithin(far, LONG)) {
                assertThat(afterThaw).as("the dial, once a is thawed").isNotNull();
            }
        }
    }

    private static ServerSocket farEnd() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    /** The next connection to {@code far} within {@code wait}, or null. */
    private static Socket acceptWithin(ServerSocket far, Duration wait) throws IOException {
        far.setSoTimeout((int) wait.toMillis());
        try {
            return far.accept();
        } catch (SocketTimeoutException none) {
            return null;
        }
    }

    /** A dial of a node to a far end, held after it first passed the node's fault gate. */
    private static final class HeldDial {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch go = new CountDownLatch(1);
        private final AtomicReference<Thread> dialer = new AtomicReference<>();

        static HeldDial on(Node node, ServerSocket far) throws InterruptedException {
            HeldDial d = new HeldDial();
            NodeAddress farAddress = new NodeAddress("127.0.0.1", far.getLocalPort());
            Faults.of(node).filter(farAddress, new LinkFilter() {
                @Override
                public boolean connects() {
                    if (d.dialer.compareAndSet(null, Thread.currentThread())) { // the first dial only
                        d.held.countDown();
                        try {
                            d.go.await(LONG.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return true;
                }

                @Override
                public String toString() {
                    return "a held dial";
                }
            });
            node.spawn("sender", () -> send("hello", RemoteThread.named(farAddress, "anyone")));
            assertThat(d.held.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).as("the dial is under way").isTrue();
            return d;
        }

        void letGo() {
            go.countDown();
        }

        void awaitEnd() throws InterruptedException {
            Thread t = dialer.get();
            t.join(LONG);
            assertThat(t.isAlive()).as("the dial ended").isFalse();
        }
    }
}
