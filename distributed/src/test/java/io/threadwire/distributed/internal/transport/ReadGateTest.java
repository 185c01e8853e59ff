package io.threadwire.distributed.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Listener;
import io.threadwire.testkit.Timeouts;
import java.lang.reflect.Field;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pausing and resuming reads never undoes the write interest KryoNet sets as it sends. */
class ReadGateTest {
    private static final long PATIENCE_MS = Timeouts.LONG.toMillis();

    /**
     * KryoNet sets a key's interest whole, under its write lock: a send that leaves bytes in an
     * empty buffer sets {@code OP_READ | OP_WRITE}, and sets it again only when a later send finds
     * the buffer empty. A pause that read the interest, then wrote it back without read, while a
     * send set write interest in between, dropped that write interest: the buffer was never
     * flushed and the connection stood still until the send timeout cut it (MutualLoadTest, now
     * and then). So a pause waits for KryoNet's write lock, and keeps the write interest a send
     * set meanwhile.
     */
    @Test
    void aPauseKeepsTheWriteInterestASendSets() throws Exception {
        MinlogBridge.install();
        WireServer server = new WireServer(16 << 10, 16 << 10);
        FaultGate frozen = new FaultGate();
        EndpointLoop loop = new EndpointLoop("test-net", server, false, frozen);
        server.runsOn(loop);
        CompletableFuture<Connection> accepted = new CompletableFuture<>();
        server.addListener(new Listener() {
            @Override
            public void connected(Connection c) {
                c.setKeepAliveTCP(0);
                accepted.complete(c);
            }
        });
        int port = PortBinder.bind(server, "127.0.0.1", 0);
        loop.start();
        WireClient client = new WireClient(16 << 10, 16 << 10);
        try {
            client.setKeepAliveTCP(0);
            client.start();
            client.connect((int) PATIENCE_MS, "127.0.0.1", port);
            Connection c = accepted.get(PATIENCE_MS, TimeUnit.MILLISECONDS);
            CompletableFuture<Boolean> parked = new CompletableFuture<>();
            loop.execute(() -> parked.complete(frozen.freeze())); // the loop's next step parks in the gate
            assertThat(parked.get(PATIENCE_MS, TimeUnit.MILLISECONDS)).isTrue(); // it changes no interest meanwhile

            Object tcp = field(Connection.class, "tcp").get(c);
            SelectionKey key = (SelectionKey) field(tcp.getClass(), "selectionKey").get(tcp);
            Object writeLock = field(tcp.getClass(), "writeLock").get(tcp);
            ReadGate gate = new ReadGate(c);
            Thread pausing;
            synchronized (writeLock) { // as a send holds it
                key.interestOps(SelectionKey.OP_READ);
                pausing = Thread.ofPlatform().start(gate::pause);
                Timeouts.await(() -> pausing.getState() == Thread.State.BLOCKED, "the pause waits for KryoNet's write lock");
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE); // as a send that left bytes unwritten
            }
            pausing.join(PATIENCE_MS);
            assertThat(key.interestOps()).as("read interest off, the send's write interest kept")
                    .isEqualTo(SelectionKey.OP_WRITE);
        } finally {
            client.stop();
            client.close();
            frozen.thaw();
            loop.stop();
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
