package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.threadwire.serialize.Messages.Point;
import io.threadwire.serialize.peer.PeerLevel;
import io.threadwire.serialize.peer.PeerNote;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The receiving side enforces its own list: bytes from a sender that admits more are refused
 * as one undecodable message, naming the class, and a class named by a peer outside the list
 * is never initialized (with marked types not admitted, not even loaded). The load and
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

    /** A class of a package the sender allows and the receiver does not is an undecodable message, naming it. */
    @Test
    void classTheReceiverDoesNotAdmitIsUndecodableNamingIt() {
        byte[] bytes = Codecs.codec(Codecs.appTypes()).encode(new PeerNote("hi", List.of(PeerLevel.LOW)), null);
        MessageCodec receiver = Codecs.builtInCodec();

        assertThat(Codecs.decodeFailure(receiver, bytes))
                .isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.className()).isEqualTo(PeerNote.class.getName()))
                .hasMessageContaining(PeerNote.class.getName());
    }

    /** An enum of a package the receiver does not allow, inside a list, is an undecodable message, naming it. */
    @Test
    void nestedClassTheReceiverDoesNotAdmitIsUndecodableNamingIt() {
        byte[] bytes = Codecs.codec(Codecs.appTypes()).encode(List.of("ok", 1, PeerLevel.HIGH), null);
        MessageCodec receiver = Codecs.builtInCodec();

        assertThat(Codecs.decodeFailure(receiver, bytes))
                .isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.className()).isEqualTo(PeerLevel.class.getName()))
                .hasMessageContaining(PeerLevel.class.getName())
                .hasMessageContaining("a message of class " + List.of(1, 2, 3).getClass().getName());
    }

    /** A class the sender registered and the receiver did not is an undecodable message giving the id. */
    @Test
    void registeredClassUnknownToTheReceiverIsUndecodable() {
        MessageTypes sender = Codecs.appTypes();
        byte[] bytes = Codecs.codec(sender).encode(new Point(1, 2), null);
        MessageCodec receiver = Codecs.builtInCodec();

        assertThat(Codecs.decodeFailure(receiver, bytes)).isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining("class id " + sender.registered().get(Point.class));
    }

    /** Given the sender's admitted types, the error for a class registered only there names the class, not an id. */
    @Test
    void registeredClassUnknownToTheReceiverIsNamedFromTheSendersTypes() {
        MessageTypes sender = Codecs.appTypes();
        byte[] bytes = Codecs.codec(sender).encode(List.of(new Point(1, 2)), null);
        MessageCodec receiver = Codecs.builtInCodec();

        Throwable thrown = catchThrowable(() -> receiver.decode(bytes, 0, bytes.length, sender.admitted()));

        assertThat(thrown).isInstanceOfSatisfying(UndecodableMessageException.class,
                e -> assertThat(e.className()).isEqualTo(Point.class.getName()))
                .hasMessageContaining(Point.class.getName());
    }

    /** After an undecodable message the same codec decodes the next messages. */
    @Test
    void theCodecDecodesOnAfterAnUndecodableMessage() {
        MessageCodec sender = Codecs.codec(Codecs.appTypes());
        MessageCodec receiver = Codecs.builtInCodec();
        byte[] refused = sender.encode(List.of(new Point(1, 2), Map.of("k", List.of(1))), null);
        byte[] fine = sender.encode(Map.of("k", List.of(1, 2)), null);

        for (int i = 0; i < 100; i++) {
            Codecs.decodeFailure(receiver, refused);
            assertThat(receiver.decode(fine, 0, fine.length)).isEqualTo(Map.of("k", List.of(1, 2)));
        }
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

    /** A class named by a peer and not admitted is refused as undecodable, naming it and both ways to admit it. */
    @Test
    void refusedClassIsUndecodableNamingIt() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            assertThat(receiver.decode(BOMB_BYTES, null)).startsWith("UndecodableMessageException").contains(BOMB)
                    .contains("@Message").contains("register(Bomb.class)");
        }
    }

    /** Where marked types are not admitted, a class named by a peer and not admitted is never loaded. */
    @Test
    void refusedClassIsNeverLoadedWhereMarkedTypesAreNotAdmitted() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            receiver.decode(BOMB_BYTES, null, false);

            assertThat(receiver.hasLoaded(BOMB)).isFalse();
        }
    }

    /** Where marked types are admitted, an unmarked class named by a peer is loaded to read its marker, and refused uninitialized. */
    @Test
    void unmarkedClassIsLoadedButNeverInitialized() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            assertThat(receiver.decode(BOMB_BYTES, null)).startsWith("UndecodableMessageException");

            assertThat(receiver.hasLoaded(BOMB)).isTrue();
            assertThat(receiver.staticFlag(FUSE, "lit")).isFalse();
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

    /** An array of a refused class named by a peer is refused, and, marked types not admitted, its element class is never loaded. */
    @Test
    void arrayOfARefusedClassIsRefusedWithoutLoadingIt() throws IOException {
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            String outcome = receiver.decode(BOMB_ARRAY_BYTES, null, false);

            assertThat(outcome).startsWith("UndecodableMessageException");
            assertThat(receiver.hasLoaded(BOMB)).isFalse();
        }
    }

    /**
     * An array of a core class that is not built in, named by a peer, is refused without loading
     * the class (MessageTypes promises that with marked types not admitted the receiver never
     * loads anything outside the list).
     */
    @Test
    void arrayOfARefusedCoreClassIsRefusedWithoutLoadingIt() throws IOException {
        String notBuiltIn = "io.threadwire.core.CallFailedException";
        byte[] bytes = Wire.bytes(out -> {
            Wire.className(out, "[L" + notBuiltIn + ";");
            out.writeVarInt(1, true);
        });
        try (IsolatedLoader receiver = new IsolatedLoader()) {
            receiver.decode(BOMB_BYTES, null, false); // the codec and its refusal path are loaded, not the class
            assertThat(receiver.hasLoaded(notBuiltIn)).as("loaded before its name arrived").isFalse();

            String outcome = receiver.decode(bytes, null, false);

            assertThat(outcome).startsWith("UndecodableMessageException");
            assertThat(receiver.hasLoaded(notBuiltIn)).isFalse();
        }
    }

    /**
     * An array of a JDK class that is not built in, named by a peer, is refused without loading
     * the class, also where marked types are admitted (no JDK class carries the marker).
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

            assertThat(outcome).startsWith("UndecodableMessageException");
            assertThat(receiver.hasLoaded(notBuiltIn)).isFalse();
        }
    }
}
