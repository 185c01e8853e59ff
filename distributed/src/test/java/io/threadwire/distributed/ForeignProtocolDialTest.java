package io.threadwire.distributed;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.NodeAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node dialed where another program listens (a web server on the port, say) fails the connect
 * saying so, as soon as that program's first bytes arrive: not at the connect timeout, with a
 * timeout's message that sends the user looking at the network.
 */
class ForeignProtocolDialTest {
    private static final NodeConfig.Builder CONFIG = NodeConfig.builder().port(0)
            .secret("0123456789abcdef0123456789abcdef").connectTimeout(LONG);

    /**
     * Scenario: a server answers every connection with an HTTP response and keeps it open. A
     * connect given the long bound fails with the reason (before the fix it waited the whole
     * bound and then said no connection came within it).
     */
    @Test
    void aConnectToAnotherProgramFailsSayingItIsNotThreadwire() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket web = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Node near = Node.start(CONFIG.host("127.0.0.1").build())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        Socket s = web.accept();
                        accepted.add(s);
                        s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            NodeAddress dialed = new NodeAddress("127.0.0.1", web.getLocalPort());
            assertThatThrownBy(() -> near.connect(dialed, LONG)).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("not threadwire's protocol")
                    .hasMessageContaining("is another program listening on that port?");
            web.close();
            server.join();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
