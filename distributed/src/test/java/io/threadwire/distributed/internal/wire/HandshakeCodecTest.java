package io.threadwire.distributed.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.NodeAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshake messages encode and decode to themselves; malformed ones fail with ProtocolException. */
class HandshakeCodecTest {
    private static final NodeAddress NODE = new NodeAddress("10.1.2.3", 9000);

    private static Wire.Handshake roundTrip(Wire.Handshake h) {
        byte[] b = HandshakeCodec.encode(h);
        assertThat(b.length).isLessThanOrEqualTo(Protocol.MAX_HANDSHAKE);
        return HandshakeCodec.decode(b, 0, b.length);
    }

    private static Wire.Hello hello(String host, String name) {
        return new Wire.Hello(Protocol.VERSION, Protocol.MECHANISM_SECRET_X25519, new NodeAddress(host, 9000), 77, name,
                Protocol.FLAG_HIDDEN, filled(Protocol.NONCE_BYTES, 1), filled(Protocol.KEY_BYTES, 3),
                Protocol.PROTECTION_ENCRYPTED);
    }

    /** Each message round trips, byte arrays compared by content. */
    @Test
    void messagesRoundTrip() {
        byte[] mac = filled(Protocol.MAC_BYTES, 2);
        Wire.Hello hello = (Wire.Hello) roundTrip(hello("10.1.2.3", "alpha"));
        assertThat(hello.address()).isEqualTo(NODE);
        assertThat(hello.incarnation()).isEqualTo(77);
        assertThat(hello.name()).isEqualTo("alpha");
        assertThat(hello.flags()).isEqualTo(Protocol.FLAG_HIDDEN);
        assertThat(hello.nonce()).isEqualTo(filled(Protocol.NONCE_BYTES, 1));
        assertThat(hello.ephemeralKey()).isEqualTo(filled(Protocol.KEY_BYTES, 3));
        assertThat(hello.protection()).isEqualTo(Protocol.PROTECTION_ENCRYPTED);
        Wire.Challenge c = (Wire.Challenge) roundTrip(new Wire.Challenge(Protocol.VERSION,
                Protocol.MECHANISM_SECRET_X25519, NODE, 5, "", 0, filled(32, 1), filled(32, 4), Protocol.PROTECTION_PLAINTEXT));
        assertThat(c.incarnation()).isEqualTo(5);
        assertThat(c.ephemeralKey()).isEqualTo(filled(32, 4));
        Wire.Proof p = (Wire.Proof) roundTrip(new Wire.Proof(List.of(mac, filled(32, 9))));
        assertThat(p.macs()).hasSize(2);
        assertThat(p.macs().get(1)).isEqualTo(filled(32, 9));
        assertThat(((Wire.Welcome) roundTrip(new Wire.Welcome(mac))).mac()).isEqualTo(mac);
        Wire.Refused r = (Wire.Refused) roundTrip(new Wire.Refused(Protocol.REFUSED_DUPLICATE, "dup", mac));
        assertThat(r.reason()).isEqualTo("dup");
        assertThat(r.mac()).isEqualTo(mac);
        assertThat(((Wire.Refused) roundTrip(new Wire.Refused(Protocol.REFUSED_DENIED, "no", new byte[0]))).mac()).isEmpty();
        Wire.Extensions e = (Wire.Extensions) roundTrip(new Wire.Extensions(5000, filled(Protocol.EXTENSION_PIECE, 7)));
        assertThat(e.total()).isEqualTo(5000);
        assertThat(e.piece()).hasSize(Protocol.EXTENSION_PIECE);
    }

    /** The network thread recognises a Welcome by its first byte. */
    @Test
    void aWelcomeIsRecognisedByItsFirstByte() {
        assertThat(HandshakeCodec.isWelcome(HandshakeCodec.encode(new Wire.Welcome(filled(32, 0))))).isTrue();
        assertThat(HandshakeCodec.isWelcome(HandshakeCodec.encode(new Wire.Proof(List.of(filled(32, 0)))))).isFalse();
    }

    /** A Hello of another version is read as far as its version, whatever follows, so that it can be refused by version. */
    @Test
    void aHelloOfAnotherVersionIsReadForItsVersion() {
        byte[] other = {(byte) Protocol.HELLO, 2, 9, 9, 9};
        assertThat(((Wire.Hello) HandshakeCodec.decode(other, 0, other.length)).version()).isEqualTo(2);
    }

    /** Malformed messages are refused: unknown kinds, short fields, bad ports, hosts and names with control characters, unknown flags. */
    @Test
    void malformedMessagesAreRefused() {
        assertThatThrownBy(() -> HandshakeCodec.decode(new byte[] {9}, 0, 1)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown handshake message 9");
        byte[] shortWelcome = {(byte) Protocol.WELCOME, 1, 2};
        assertThatThrownBy(() -> HandshakeCodec.decode(shortWelcome, 0, shortWelcome.length))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
        byte[] noMac = {(byte) Protocol.PROOF, 0};
        assertThatThrownBy(() -> HandshakeCodec.decode(noMac, 0, noMac.length)).isInstanceOf(ProtocolException.class);
        byte[] threeMacs = {(byte) Protocol.PROOF, 3};
        assertThatThrownBy(() -> HandshakeCodec.decode(threeMacs, 0, threeMacs.length)).isInstanceOf(ProtocolException.class);
        byte[] portZero = HandshakeCodec.encode(hello("10.1.2.3", ""));
        int portAt = 3 + 1 + "10.1.2.3".length(); // kind, version, mechanisms, host length, host
        portZero[portAt] = 0;
        portZero[portAt + 1] = 0;
        assertThatThrownBy(() -> HandshakeCodec.decode(portZero, 0, portZero.length))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("bad node address");
        byte[] lineBreak = HandshakeCodec.encode(hello("evil\nhost", ""));
        assertThatThrownBy(() -> HandshakeCodec.decode(lineBreak, 0, lineBreak.length))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not a host name");
        byte[] badName = HandshakeCodec.encode(hello("10.1.2.3", "a\rb"));
        assertThatThrownBy(() -> HandshakeCodec.decode(badName, 0, badName.length))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("bad node name");
        Wire.Hello h = hello("10.1.2.3", "");
        byte[] unknownFlag = HandshakeCodec.encode(new Wire.Hello(h.version(), h.mechanisms(), h.address(), h.incarnation(),
                h.name(), 2, h.nonce(), h.ephemeralKey(), h.protection()));
        assertThatThrownBy(() -> HandshakeCodec.decode(unknownFlag, 0, unknownFlag.length))
                .isInstanceOf(ProtocolException.class);
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
