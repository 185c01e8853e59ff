package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.serialize.Messages.Point;
import io.threadwire.serialize.peer.PeerLevel;
import io.threadwire.serialize.peer.PeerNote;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receiving side enforces its own list: bytes from a sender that admits more are refused,
 * and a class named by a peer outside the list is never loaded or initialized. The load and
 * initialization checks run in an {@link IsolatedLoader}, where {@code peer.Bomb} is known
 * only by name and no other test has touched it.
 */
class ReceiverAdmissionTest {
    private static final String BOMB = Codecs.PEER_PACKAGE + ".Bomb";
    private static final String FUSE = Codecs.PEER_PACKAGE + ".BombFuse";

    /** A Bomb by name, with its (empty) record body: what a sender that allows the peer package writes. */
    private static final byte[] BOMB_BYTES = Wire.bytes(out -> Wire.className(out, BOMB));
    /** An empty Bomb[] by name. */
    private static final byte[] BOMB_ARRAY_BYTES = Wire.bytes(out -> {
        Wire.className(out, "[L" + BOMB + ";");
        out.writeVarInt(1, true);
    });

    /** A class of a package the sender allows and the receiver does not is malformed at the receiver, naming it. */
    @Test
    void classTheReceiverDoesNotAdmitIsMalformedNamingIt() {
        byte[] bytes = Codecs.codec(Codecs.appTypes()).encode(new PeerNote("hi", List.of(PeerLevel.LOW)), null);
        MessageCodec receiver = Codecs.builtInCodec();

        assertThat(Codecs.decodeFailure(receiver, bytes))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(PeerNote.class.getName());
    }

    /** An enum of a package the receiver does not allow, inside a list, is malformed at the receiver, naming it. */
    @Test
    void nestedClassTheReceiverDoesNotAdmitIsMalformedNamingIt() {
        byte[] bytes = Codecs.codec(Codecs.appTypes()).encode(List.of("ok", 1, PeerLevel.HIGH), null);
        MessageCodec receiver = Codecs.builtInCodec();

        assertThat(Codecs.decodeFailure(receiver, bytes))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(PeerLevel.class.getName());
    }

    /** A class the sender registered and the receiver did not is malformed at the receiver. */
    @Test
    void registeredClassUnknownToTheReceiverIsMalformed() {
        byte[] bytes = Codecs.codec(Codecs.appTypes()).encode(new Point(1, 2), null);
        MessageCodec receiver = Codecs.builtInCodec();

        assertThat(Codecs.decodeFailure(receiver, bytes)).isInstanceOf(MalformedMessageException.class);
    }

    /** Control: the hand-made Bomb bytes decode where the peer package is allowed, loading and initializing Bomb. */
    @Test
    void admittedClassIsLoadedAndInitializedByTheReceiver() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            String outcome = receiver.decode(BOMB_BYTES, Codecs.PEER_PACKAGE);

            assertThat(outcome).isEqualTo("decoded " + BOMB);
            assertThat(receiver.hasLoaded(BOMB)).isTrue();
            assertThat(receiver.staticFlag(FUSE, "lit")).isTrue();
        }
    }

    /** A class named by a peer and not admitted is refused as malformed, naming it. */
    @Test
    void refusedClassIsMalformedNamingIt() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            assertThat(receiver.decode(BOMB_BYTES, null)).startsWith("MalformedMessageException").contains(BOMB);
        }
    }

    /** A class named by a peer and not admitted is never loaded. */
    @Test
    void refusedClassIsNeverLoaded() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            receiver.decode(BOMB_BYTES, null);

            assertThat(receiver.hasLoaded(BOMB)).isFalse();
        }
    }

    /** A class named by a peer and not admitted never has its static initializer run. */
    @Test
    void refusedClassIsNeverInitialized() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            receiver.decode(BOMB_BYTES, null);

            assertThat(receiver.staticFlag(FUSE, "lit")).isFalse();
        }
    }

    /** Control: an array of an admitted class named by a peer decodes, and loads its element class. */
    @Test
    void arrayOfAnAdmittedClassLoadsItsElementClass() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            assertThat(receiver.decode(BOMB_ARRAY_BYTES, Codecs.PEER_PACKAGE)).isEqualTo("decoded [L" + BOMB + ";");
            assertThat(receiver.hasLoaded(BOMB)).isTrue();
        }
    }

    /** An array of a refused class named by a peer is malformed, and its element class is never loaded. */
    @Test
    void arrayOfARefusedClassIsRefusedWithoutLoadingIt() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            String outcome = receiver.decode(BOMB_ARRAY_BYTES, null);

            assertThat(outcome).startsWith("MalformedMessageException");
            assertThat(receiver.hasLoaded(BOMB)).isFalse();
        }
    }

    /**
     * An array of a core class that is not built in, named by a peer, is refused without loading
     * the class (MessageTypes promises the receiver never loads anything outside the list).
     */
    @Test
    void arrayOfARefusedCoreClassIsRefusedWithoutLoadingIt() throws IOException {
        String notBuiltIn = "io.threadwire.core.CallFailedException";
        byte[] bytes = Wire.bytes(out -> {
            Wire.className(out, "[L" + notBuiltIn + ";");
            out.writeVarInt(1, true);
        });
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            receiver.decode(BOMB_BYTES, null); // the codec and its refusal path are loaded, not the class
            assertThat(receiver.hasLoaded(notBuiltIn)).as("loaded before its name arrived").isFalse();

            String outcome = receiver.decode(bytes, null);

            assertThat(outcome).startsWith("MalformedMessageException");
            assertThat(receiver.hasLoaded(notBuiltIn)).isFalse();
        }
    }

    /**
     * An array of a JDK class that is not built in, named by a peer, is refused without loading
     * the class.
     */
    @Test
    void arrayOfARefusedJdkClassIsRefusedWithoutLoadingIt() throws IOException {
        String notBuiltIn = "java.sql.DriverManager";
        byte[] bytes = Wire.bytes(out -> {
            Wire.className(out, "[L" + notBuiltIn + ";");
            out.writeVarInt(1, true);
        });
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            receiver.decode(BOMB_BYTES, null); // the codec and its refusal path are loaded, not the class
            assertThat(receiver.hasLoaded(notBuiltIn)).as("loaded before its name arrived").isFalse();

            String outcome = receiver.decode(bytes, null);

            assertThat(outcome).startsWith("MalformedMessageException");
            assertThat(receiver.hasLoaded(notBuiltIn)).isFalse();
        }
    }
}
