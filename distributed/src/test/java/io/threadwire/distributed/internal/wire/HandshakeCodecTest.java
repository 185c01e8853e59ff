package io.threadwire.distributed.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.NodeAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The handshake messages encode and decode to themselves; malformed ones fail with ProtocolException. */
class HandshakeCodecTest {
    private static final NodeAddress NODE = new NodeAddress("10.1.2.3", 9000);

    private static Wire.Handshake roundTrip(Wire.Handshake h) {
        byte[] b = HandshakeCodec.encode(h);
        assertThat(b.length).isLessThanOrEqualTo(Protocol.MAX_HANDSHAKE);
        return HandshakeCodec.decode(b, 0, b.length);
    }

    /** Each message round trips, byte arrays compared by content. */
    @Test
    void messagesRoundTrip() {
        byte[] nonce = filled(Protocol.NONCE_BYTES, 1);
        byte[] mac = filled(Protocol.MAC_BYTES, 2);
        Wire.Hello hello = (Wire.Hello) roundTrip(new Wire.Hello(Protocol.VERSION, NODE, 77, nonce, true));
        assertThat(hello.address()).isEqualTo(NODE);
        assertThat(hello.incarnation()).isEqualTo(77);
        assertThat(hello.nonce()).isEqualTo(nonce);
        assertThat(hello.encrypt()).isTrue();
        Wire.Challenge c = (Wire.Challenge) roundTrip(new Wire.Challenge(Protocol.VERSION, NODE, 5, nonce, false, mac));
        assertThat(c.mac()).isEqualTo(mac);
        assertThat(((Wire.Proof) roundTrip(new Wire.Proof(mac))).mac()).isEqualTo(mac);
        assertThat(roundTrip(new Wire.Welcome())).isEqualTo(new Wire.Welcome());
        assertThat(roundTrip(new Wire.Refused(Protocol.REFUSED_DUPLICATE, "dup")))
                .isEqualTo(new Wire.Refused(Protocol.REFUSED_DUPLICATE, "dup"));
    }

    /** The part of a Challenge its MAC covers is the Challenge without the MAC. */
    @Test
    void theChallengeBodyIsTheChallengeWithoutItsMac() {
        Wire.Challenge c = new Wire.Challenge(Protocol.VERSION, NODE, 5, filled(32, 1), true, filled(32, 2));
        byte[] whole = HandshakeCodec.encode(c);
        assertThat(HandshakeCodec.challengeBody(c)).isEqualTo(Arrays.copyOf(whole, whole.length - Protocol.MAC_BYTES));
    }

    /** The network thread recognises a Welcome by its one byte. */
    @Test
    void aWelcomeIsRecognisedByItsByte() {
        assertThat(HandshakeCodec.isWelcome(HandshakeCodec.encode(new Wire.Welcome()))).isTrue();
        assertThat(HandshakeCodec.isWelcome(HandshakeCodec.encode(new Wire.Proof(filled(32, 0))))).isFalse();
    }

    /** Malformed messages are refused. */
    @Test
    void malformedMessagesAreRefused() {
        assertThatThrownBy(() -> HandshakeCodec.decode(new byte[] {9}, 0, 1)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown handshake message 9");
        byte[] shortProof = {(byte) Protocol.PROOF, 1, 2};
        assertThatThrownBy(() -> HandshakeCodec.decode(shortProof, 0, shortProof.length))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
        byte[] portZero = HandshakeCodec.encode(new Wire.Hello(Protocol.VERSION, NODE, 1, filled(32, 0), false));
        int portAt = 2 + 1 + "10.1.2.3".length(); // kind, version, host length, host
        portZero[portAt] = 0;
        portZero[portAt + 1] = 0;
        assertThatThrownBy(() -> HandshakeCodec.decode(portZero, 0, portZero.length))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("bad node address");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
