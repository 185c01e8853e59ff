package io.threadwire.distributed;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.NodeAddress;
import org.junit.jupiter.api.Test;

/**
 * A node dialed at an address it does not call itself (it listens on 127.0.0.1 and calls itself
 * 127.0.0.2, as a node behind NAT calls itself by its public address) is not connected to, and
 * the dialer's error says why and what to do, not only that the handshake stopped.
 */
class DialedIdentityTest {
    private static final NodeConfig.Builder CONFIG = NodeConfig.builder().port(0)
            .secret("0123456789abcdef0123456789abcdef").connectTimeout(LONG);

    @Test
    void aConnectToAnAddressTheNodeDoesNotCallItselfFailsSayingSo() {
        try (Node far = Node.start(CONFIG.host("127.0.0.2").bindHost("127.0.0.1").build());
             Node near = Node.start(CONFIG.host("127.0.0.1").build())) {
            NodeAddress dialed = new NodeAddress("127.0.0.1", far.address().port());
            assertThatThrownBy(() -> near.connect(dialed, LONG)).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("node dialed as " + dialed + " calls itself " + far.address())
                    .hasMessageContaining("set its NodeConfig host");
        }
    }
}
