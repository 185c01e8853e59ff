package io.threadwire.distributed.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.Listener;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** An update that a paused read ends early strands no other connection of the endpoint. */
class EndpointLoopSelectionTest {
    private static final long PATIENCE_MS = Timeouts.LONG.toMillis();

    /**
     * Two connections of a server have a frame each when one select reports them both; the
     * first one handled pauses reading (the listener throws as a channel's does), which ends the
     * update before it reaches the second. The second connection's frame is read all the same,
     * though nothing new arrives on either: before the fix it waited in KryoNet's selected-key
     * set, where no later select counted it, for good (and so did the accepts of a server in
     * that state: the other node's dials went unanswered).
     */
    @Test
    void aPausedReadLeavesNoOtherConnectionUnread() throws Exception {
        MinlogBridge.install(); // KryoNet's own log, through SLF4J
        WireServer server = new WireServer(16 << 10, 16 << 10);
        FaultGate gate = new FaultGate();
        EndpointLoop loop = new EndpointLoop("test-net", server, false, gate);
        server.runsOn(loop);
        Set<Connection> heard = ConcurrentHashMap.newKeySet();
        AtomicBoolean paused = new AtomicBoolean();
        CountDownLatch bothUp = new CountDownLatch(2);
        server.addListener(new Listener() {
            @Override
            public void connected(Connection c) {
                c.setKeepAliveTCP(0); // nothing but the test's frames makes a connection ready
                bothUp.countDown();
            }

            @Override
            public void received(Connection c, Object object) {
                heard.add(c);
                if (paused.compareAndSet(false, true)) {
                    throw ReadGate.Paused.INSTANCE;
                }
            }
        });
        int port = PortBinder.bind(server, "127.0.0.1", 0);
        loop.start();
        List<WireClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                WireClient client = new WireClient(16 << 10, 16 << 10);
                client.setKeepAliveTCP(0);
                client.start();
                client.connect((int) PATIENCE_MS, "127.0.0.1", port);
                clients.add(client);
            }
            assertThat(bothUp.await(PATIENCE_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(gate.freeze()).isTrue();
            CountDownLatch atGate = new CountDownLatch(1);
            loop.execute(atGate::countDown); // runs after the update in progress: the loop then parks in the gate
            assertThat(atGate.await(PATIENCE_MS, TimeUnit.MILLISECONDS)).isTrue();
            for (WireClient client : clients) {
                client.sendTCP(FrameworkMessage.keepAlive); // on loopback, in the server's socket when this returns
            }
            gate.thaw(); // one select reports both

            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
            while (heard.size() < 2 && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            assertThat(paused).as("the first frame paused the read").isTrue();
            assertThat(heard).as("both connections were read").hasSize(2);
        } finally {
            for (WireClient client : clients) {
                client.stop();
                client.close();
            }
            gate.thaw();
            loop.stop();
        }
    }
}
