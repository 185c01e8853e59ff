package io.threadwire.distributed.internal.security;

import static io.threadwire.distributed.internal.security.HandshakePair.ACCEPTOR;
import static io.threadwire.distributed.internal.security.HandshakePair.DIALER;
import static io.threadwire.distributed.internal.security.HandshakePair.identity;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.serialize.MessageTypes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The handshake of two nodes, run in memory: what each side proves, what it learns of the
 * other, which secrets match (a rollover), what it does with a message changed on the way, and
 * that the frame keys it ends with work with the other side's and with no other connection's.
 */
class HandshakeTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String OTHER = "fedcba9876543210fedcba9876543210";
    private static final MessageTypes TYPES = MessageTypes.builder().allowPackage("com.example.messages").build();

    private static HandshakePair pair(String dialerSecret, String dialerPrevious, String acceptorSecret,
                                      String acceptorPrevious) {
        return new HandshakePair(identity(DIALER, "alpha", true, MessageTypes.builtInOnly(), dialerSecret, dialerPrevious),
                identity(ACCEPTOR, "beta", true, TYPES, acceptorSecret, acceptorPrevious));
    }

    /** Two holders of the secret connect: each learns the other's address, name and admitted types, and their frame keys agree. */
    @Test
    void holdersOfTheSecretConnectAndAgreeOnKeys() {
        HandshakePair p = pair(SECRET, null, SECRET, null).run();
        assertThat(p.dialer.established()).as("dialer: %s", p.dialer.closed).isTrue();
        assertThat(p.acceptor.established()).as("acceptor: %s", p.acceptor.closed).isTrue();
        assertThat(p.dialer.remote.address()).isEqualTo(ACCEPTOR);
        assertThat(p.dialer.remote.name()).isEqualTo("beta");
        assertThat(p.dialer.remote.types()).isEqualTo(TYPES.admitted());
        assertThat(p.acceptor.remote.address()).isEqualTo(DIALER);
        assertThat(p.acceptor.remote.name()).isEqualTo("alpha");
        assertThat(p.acceptor.remote.types()).isEqualTo(MessageTypes.builtInOnly().admitted());
        assertThat(p.dialer.cipher).isInstanceOf(AesGcmFrames.class);
        assertFramesTravel(p.dialer.cipher, p.acceptor.cipher);
        assertFramesTravel(p.acceptor.cipher, p.dialer.cipher);
    }

    /**
     * Peers that admit the same types hold each other's description as their own instance (each
     * send checks whether the peer's types differ from this node's: a comparison of references
     * then); a peer that admits other types keeps its own description.
     */
    @Test
    void aPeerThatAdmitsTheSameTypesIsHeldAsThisNodesOwn() {
        LocalIdentity d = identity(DIALER, "alpha", true, TYPES, SECRET, null);
        LocalIdentity a = identity(ACCEPTOR, "beta", true, TYPES, SECRET, null);
        assertThat(d.types()).isEqualTo(a.types()).isNotSameAs(a.types());
        HandshakePair same = new HandshakePair(d, a).run();
        assertThat(same.dialer.established()).as("dialer: %s", same.dialer.closed).isTrue();
        assertThat(same.dialer.remote.types()).isSameAs(d.types());
        assertThat(same.acceptor.remote.types()).isSameAs(a.types());

        HandshakePair differ = pair(SECRET, null, SECRET, null).run();
        assertThat(differ.dialer.remote.types()).isEqualTo(TYPES.admitted()).isNotEqualTo(MessageTypes.builtInOnly().admitted());
        assertThat(differ.acceptor.remote.types()).isEqualTo(MessageTypes.builtInOnly().admitted()).isNotEqualTo(TYPES.admitted());
    }

    /** Each side's hidden flag reaches the other, whichever side sets it; a node that does not set it is seen as visible. */
    @Test
    void theHiddenFlagTravelsBothWays() {
        for (boolean dialerHidden : new boolean[] {false, true}) {
            LocalIdentity d = identity(DIALER, "tool", true, MessageTypes.builtInOnly(), SECRET, null);
            LocalIdentity a = identity(ACCEPTOR, "server", true, TYPES, SECRET, null);
            HandshakePair p = new HandshakePair(hidden(d, dialerHidden), hidden(a, !dialerHidden)).run();
            assertThat(p.acceptor.established()).as("acceptor: %s", p.acceptor.closed).isTrue();
            assertThat(p.acceptor.remote.hidden()).as("the dialer, seen by the acceptor").isEqualTo(dialerHidden);
            assertThat(p.dialer.remote.hidden()).as("the acceptor, seen by the dialer").isEqualTo(!dialerHidden);
            assertThat(p.dialer.remote.name()).isEqualTo("server");
        }
    }

    private static LocalIdentity hidden(LocalIdentity i, boolean hidden) {
        return new LocalIdentity(i.address(), i.incarnation(), i.name(), hidden, i.encrypt(), i.authenticator(), i.types());
    }

    /**
     * A dialer with another secret is refused, unauthenticated: the acceptor sent nothing but its
     * Challenge before the dialer's Proof, and nothing after it but the refusal.
     */
    @Test
    void aDialerWithAnotherSecretIsRefused() {
        java.util.List<Integer> kinds = new java.util.ArrayList<>();
        HandshakePair p = pair(OTHER, null, SECRET, null).run((i, b) -> {
            kinds.add((int) b[0]);
            return b;
        });
        assertThat(p.acceptor.established()).isFalse();
        assertThat(p.dialer.established()).isFalse();
        assertThat(p.acceptor.closed).isEqualTo("authentication failed");
        assertThat(p.dialer.closed).contains("refused by the peer");
        assertThat(kinds).containsExactly(Protocol.HELLO, Protocol.CHALLENGE, Protocol.EXTENSIONS, Protocol.PROOF,
                Protocol.REFUSED);
        Wire.Refused refusal = (Wire.Refused) HandshakeCodec.decode(p.lastRefusal(), 0, p.lastRefusal().length);
        assertThat(refusal.mac()).as("a refusal before the dialer proved anything carries no MAC").isEmpty();
    }

    /**
     * During a rollover a node that holds the new secret and the old one connects with nodes that
     * hold either, both ways; nodes that hold only one each do not.
     */
    @Test
    void aPreviousSecretBridgesARollover() {
        assertThat(pair(OTHER, SECRET, SECRET, null).run().dialer.established()).as("new+old dials old").isTrue();
        assertThat(pair(SECRET, null, OTHER, SECRET).run().dialer.established()).as("old dials new+old").isTrue();
        assertThat(pair(OTHER, SECRET, OTHER, SECRET).run().dialer.established()).as("new+old dials new+old").isTrue();
        assertThat(pair(OTHER, null, SECRET, null).run().acceptor.established()).as("new dials old").isFalse();
        HandshakePair bridged = pair(OTHER, SECRET, SECRET, null).run();
        assertFramesTravel(bridged.dialer.cipher, bridged.acceptor.cipher);
    }

    /** A bit flipped in any message of the handshake, either way, stops it: neither side ends up with keys the other lacks. */
    @Test
    void aChangedMessageStopsTheHandshake() {
        int messages = countMessages();
        for (int m = 0; m < messages; m++) {
            for (int at : new int[] {1, 7, 40, 1000}) {
                int target = m;
                HandshakePair p = pair(SECRET, null, SECRET, null).run((i, b) -> i == target ? HandshakePair.flipBit(at).apply(b) : b);
                boolean both = p.dialer.established() && p.acceptor.established();
                assertThat(both).as("message %d changed at byte %d, yet both sides connected", m, at).isFalse();
                if (p.dialer.established()) {
                    assertThat(p.acceptor.closed).as("message %d at %d: the dialer connected alone", m, at).isNull();
                }
            }
        }
    }

    private static int countMessages() {
        int[] n = {0};
        pair(SECRET, null, SECRET, null).run((i, b) -> {
            n[0]++;
            return b;
        });
        return n[0];
    }

    /** A refusal as a duplicate counts only if the refusing node proves the secret; a forged one is a plain refusal. */
    @Test
    void onlyAnAuthenticatedRefusalIsADuplicate() {
        HandshakePair real = pair(SECRET, null, SECRET, null);
        real.acceptor.verdict = HandshakeChannel.Verdict.duplicate("dup");
        real.run();
        assertThat(real.dialer.duplicate).as("an authenticated refusal as a duplicate").isTrue();

        HandshakePair forged = pair(SECRET, null, SECRET, null);
        forged.acceptor.verdict = HandshakeChannel.Verdict.duplicate("dup");
        forged.run((i, b) -> {
            if (b[0] != Protocol.REFUSED) {
                return b;
            }
            Wire.Refused r = (Wire.Refused) HandshakeCodec.decode(b, 0, b.length);
            byte[] mac = r.mac().clone();
            mac[0] ^= 1;
            return HandshakeCodec.encode(new Wire.Refused(r.code(), r.reason(), mac));
        });
        assertThat(forged.dialer.duplicate).as("a refusal with a wrong MAC taken as a duplicate").isFalse();
        assertThat(forged.dialer.closed).contains("refused");
    }

    /** The stricter side wins: frames travel in clear only when both nodes chose it. */
    @Test
    void plaintextNeedsBothNodes() {
        HandshakePair both = new HandshakePair(identity(DIALER, "", false, TYPES, SECRET, null),
                identity(ACCEPTOR, "", false, TYPES, SECRET, null)).run();
        assertThat(both.dialer.cipher).isSameAs(PlaintextFrames.INSTANCE);
        assertThat(both.acceptor.cipher).isSameAs(PlaintextFrames.INSTANCE);
        HandshakePair one = new HandshakePair(identity(DIALER, "", false, TYPES, SECRET, null),
                identity(ACCEPTOR, "", true, TYPES, SECRET, null)).run();
        assertThat(one.dialer.cipher).isInstanceOf(AesGcmFrames.class);
        assertFramesTravel(one.dialer.cipher, one.acceptor.cipher);
    }

    /**
     * A man in the middle that rewrites the protection a side asked for in its Hello or Challenge
     * (encrypted to plaintext, which still decodes) cannot make frames travel in clear: the
     * dialer refuses a Challenge that drops what it asked for, and a rewritten Challenge leaves
     * the dialer's proof, which covers every message as it was received, unmatched.
     */
    @Test
    void aRewrittenProtectionDoesNotDowngradeToPlaintext() {
        for (boolean dialerEncrypts : new boolean[] {true, false}) {
            HandshakePair p = new HandshakePair(identity(DIALER, "", dialerEncrypts, TYPES, SECRET, null),
                    identity(ACCEPTOR, "", !dialerEncrypts, TYPES, SECRET, null)).run((i, b) -> {
                        boolean introduction = b[0] == Protocol.HELLO || b[0] == Protocol.CHALLENGE;
                        if (!introduction || b[b.length - 1] != Protocol.PROTECTION_ENCRYPTED) {
                            return b;
                        }
                        byte[] c = b.clone();
                        c[c.length - 1] = (byte) Protocol.PROTECTION_PLAINTEXT;
                        return c;
                    });
            assertThat(p.dialer.established()).as("dialer encrypts %s: the dialer connected", dialerEncrypts).isFalse();
            assertThat(p.acceptor.established()).as("dialer encrypts %s: the acceptor connected", dialerEncrypts)
                    .isFalse();
        }
    }

    /**
     * Two connections between the same nodes with the same secret get unrelated keys (each has
     * its own ephemeral exchange): a frame of one does not open on the other.
     */
    @Test
    void everyConnectionHasItsOwnKeys() {
        HandshakePair first = pair(SECRET, null, SECRET, null).run();
        HandshakePair second = pair(SECRET, null, SECRET, null).run();
        byte[] sealed = seal(first.dialer.cipher, new byte[] {1, 2, 3});
        try {
            second.acceptor.cipher.open(sealed);
            throw new AssertionError("a frame of one connection opened on another");
        } catch (ProtocolException expected) {
            // as it should
        }
    }

    private static void assertFramesTravel(FrameCipher from, FrameCipher to) {
        for (int i = 0; i < 5; i++) {
            byte[] item = {(byte) i, 42, (byte) (i * 3)};
            byte[] opened = to.open(seal(from, item));
            assertThat(Arrays.copyOfRange(opened, 1, opened.length)).isEqualTo(item);
        }
    }

    static byte[] seal(FrameCipher cipher, byte[] item) {
        OutboundFrame frame = new OutboundFrame();
        frame.add(item);
        ByteBuffer out = ByteBuffer.allocate(frame.bodyBytes() + Protocol.TAG_BYTES);
        cipher.seal(frame, out);
        return Arrays.copyOf(out.array(), out.position());
    }
}
