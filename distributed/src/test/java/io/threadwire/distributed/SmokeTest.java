package io.threadwire.distributed;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import org.junit.jupiter.api.Test;

class SmokeTest {
    record Ping(long n, ThreadRef from) {}

    @Test
    void sendByNameAndReply() throws Exception {
        NodeConfig.Builder base = NodeConfig.builder().secret("0123456789abcdef0123456789abcdef").register(Ping.class);
        try (Node a = Node.start(base.build()); Node b = Node.start(base.build())) {
            LocalThread echo = b.spawn(() -> {
                for (;;) {
                    Object m = receive();
                    if (m instanceof Ping p) send(p.n() + 3, p.from());
                }
            });
            b.registerRemoteThread(echo, "echo");
            LocalThread test = self();
            a.spawn(() -> {
                send(new Ping(5, self()), RemoteThreadHelper.named(b, "echo"));
                Object r = receive(LONG);
                send(r, test);
            });
            assertThat(receive(LONG)).isEqualTo(8L);
            Object sync = sendSynchronousFrom(a, b);
            assertThat(sync).isEqualTo("pong:hi");
        }
    }

    private static Object sendSynchronousFrom(Node a, Node b) {
        LocalThread server = b.spawn(() -> {
            for (;;) handleSynchronous(x -> "pong:" + x);
        });
        b.registerRemoteThread(server, "server");
        LocalThread test = self();
        a.spawn(() -> send(sendSynchronous("hi", RemoteThreadHelper.named(b, "server"), LONG), test));
        return receive(LONG);
    }
}
