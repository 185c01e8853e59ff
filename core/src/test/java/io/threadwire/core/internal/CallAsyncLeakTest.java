package io.threadwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.core.spi.Transports;
import org.junit.jupiter.api.Test;

/** A call that cannot be made leaves nothing in its caller's table of calls. */
class CallAsyncLeakTest {

    /** A node that is closing: it refuses every watch, as a real node's checkOpen does. */
    private static final class ClosingNode implements Transport {
        @Override
        public NodeAddress address() {
            return new NodeAddress("127.0.0.1", 1);
        }

        @Override
        public void threadStarted(LocalThread thread) {
        }

        @Override
        public RemoteThread.ById handleOf(LocalThread thread) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void send(RemoteThread to, Object message, LocalThread sender) {
            throw new IllegalStateException("node 127.0.0.1:1 is closed");
        }

        @Override
        public void reply(RemoteThread to, long tag, Object reply, LocalThread sender) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Registration monitor(RemoteThread target, ExitHook hook) {
            throw new IllegalStateException("node 127.0.0.1:1 is closed");
        }

        @Override
        public void link(LocalThread local, RemoteThread remote) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unlink(LocalThread local, RemoteThread remote) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void registerName(String name, LocalThread thread) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * callAsync to a remote thread whose node refuses the watch throws the node's exception
     * and leaves no call in the caller's table (before, one per call until the caller ended).
     */
    @Test
    void aRefusedWatchLeavesNoAsyncCallBehind() {
        ClosingNode node = new ClosingNode();
        Transport previous = Transports.setDefault(node);
        try {
            assertThat(previous).as("a node already was the JVM's default").isNull();
            RemoteThread far = RemoteThread.named(new NodeAddress("127.0.0.1", 7), "service");
            CallTable table = Threads.current().calls();
            for (int i = 0; i < 100; i++) {
                assertThatThrownBy(() -> Messaging.callAsync("hello", far)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("closed");
            }
            assertThat(table.asyncCallCount()).isZero();
        } finally {
            Transports.clearDefault(node);
            if (previous != null) {
                Transports.setDefault(previous);
            }
        }
    }
}
