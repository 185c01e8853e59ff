package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.transport.ReadGate;
import io.threadwire.distributed.spi.LinkFilter;
import org.junit.jupiter.api.Test;

/** What the failure detector reads of a connection: when the peer was last heard. */
class ChannelNetworkSideTest {
    private static final ChannelNetworkSide.Host HOST = new ChannelNetworkSide.Host() {
        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public void close(String reason) {
        }

        @Override
        public FrameCipher cipher() {
            return null;
        }

        @Override
        public LinkFilter filter() {
            return LinkFilter.OPEN;
        }

        @Override
        public String describePeer() {
            return "peer";
        }
    };

    /**
     * A connection's silence counts from the end of its handshake, not from its accept: under
     * load a handshake can outlast the heartbeat timeout, and the connection was then closed the
     * moment it came up ("no heartbeat for 300 ms", 2 ms after it was installed), before the
     * peer could have sent it a heartbeat.
     */
    @Test
    void silenceCountsFromTheEndOfTheHandshake() {
        ReadGate gate = new ReadGate(new Connection() { }); // not connected: nothing is read
        ChannelNetworkSide side = new ChannelNetworkSide(HOST, false, null, gate, new Intake(gate), null, new FaultGate());
        long accepted = side.lastReceived();
        long handshakeDone = accepted;
        while (handshakeDone == accepted) { // the clock moves on, however coarse it is
            Thread.onSpinWait();
            handshakeDone = System.nanoTime();
        }
        side.authenticated();
        assertThat(side.lastReceived()).isGreaterThanOrEqualTo(handshakeDone);
    }
}
