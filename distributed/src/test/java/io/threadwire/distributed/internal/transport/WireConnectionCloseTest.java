package io.threadwire.distributed.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import com.esotericsoftware.kryonet.Listener;
import io.threadwire.testkit.Timeouts;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server connection that KryoNet closes on a failing sender's thread is closed on the server's loop instead. */
class WireConnectionCloseTest {
    private static final long PATIENCE_MS = Timeouts.LONG.toMillis();

    /** Waits until {@code thread} parks (the frozen gate); in a select it stays runnable. */
    private static void awaitParked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
        while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(thread.getState()).isEqualTo(Thread.State.WAITING);
    }

    /**
     * The peer resets the connection while the server's loop is frozen (so the loop cannot
     * notice the reset first); a virtual thread sends until KryoNet's {@code sendTCP} fails, which
     * makes KryoNet close the connection. Its {@code disconnected} runs on the loop once it
     * thaws, not on the sending thread, and the server's list of connections is empty after it.
     */
    @Test
    void aCloseOnAFailedSendRunsOnTheLoop() throws Exception {
        WireServer server = new WireServer(16 << 10, 16 << 10);
        FaultGate gate = new FaultGate();
        EndpointLoop loop = new EndpointLoop("test-net", server, false, gate);
        server.runsOn(loop);
        CompletableFuture<Connection> accepted = new CompletableFuture<>();
        CompletableFuture<Thread> closedOn = new CompletableFuture<>();
        CompletableFuture<Thread> loopThread = new CompletableFuture<>();
        server.addListener(new Listener() {
            @Override
            public void connected(Connection c) {
                loopThread.complete(Thread.currentThread());
                accepted.complete(c);
            }

            @Override
            public void disconnected(Connection c) {
                closedOn.complete(Thread.currentThread());
            }
        });
        int port = PortBinder.bind(server, "127.0.0.1", 0);
        loop.start();
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), port)) {
            Connection c = accepted.get(PATIENCE_MS, TimeUnit.MILLISECONDS);
            assertThat(gate.freeze()).isTrue();
            awaitParked(loopThread.get()); // in the gate: a select in progress could see the reset first
            peer.setSoLinger(true, 0);
            peer.close(); // a reset: the server's next writes fail
            Thread sender = Thread.ofVirtual().start(() -> {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
                while (c.sendTCP(FrameworkMessage.keepAlive) > 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // until the kernel reports the reset
                }
            });
            sender.join(PATIENCE_MS);
            assertThat(closedOn).as("closed while the loop was frozen").isNotDone();
            gate.thaw();
            assertThat(closedOn.get(PATIENCE_MS, TimeUnit.MILLISECONDS)).isSameAs(loopThread.get());
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
            while (server.getConnections().length > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(server.getConnections()).isEmpty();
        } finally {
            gate.thaw();
            loop.stop();
        }
    }
}
