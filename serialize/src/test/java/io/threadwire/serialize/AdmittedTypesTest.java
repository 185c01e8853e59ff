package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.serialize.Messages.Line;
import io.threadwire.serialize.Messages.Point;
import io.threadwire.serialize.marked.Envelope;
import io.threadwire.serialize.marked.Greeting;
import io.threadwire.serialize.marked.Mood;
import io.threadwire.serialize.peer.PeerNote;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a node admits, described for its peers: the description survives the trip as bytes,
 * and a sender that holds its peer's refuses at encode, naming the class, any message the peer
 * would not decode, down to the classes of record fields that travel without a class tag.
 */
class AdmittedTypesTest {
    private static final MessageTypes SENDER = MessageTypes.builder().register(Point.class).register(Line.class)
            .allowPackage(Codecs.PEER_PACKAGE).build();
    private final MessageCodec codec = Codecs.codec(SENDER);

    private static AdmittedTypes peer(MessageTypes.Builder builder) {
        AdmittedTypes described = builder.build().admitted();
        byte[] bytes = described.toBytes();
        return AdmittedTypes.fromBytes(bytes, 0, bytes.length); // as the peer's handshake would bring it
    }

    /** A description read back from its bytes equals the original. */
    @Test
    void descriptionSurvivesItsBytes() {
        AdmittedTypes described = SENDER.admitted();
        byte[] bytes = described.toBytes();

        assertThat(AdmittedTypes.fromBytes(bytes, 0, bytes.length)).isEqualTo(described);
        assertThat(described.registered()).containsEntry(Point.class.getName(), SENDER.registered().get(Point.class));
        assertThat(described.allowedPackages()).containsExactly(Codecs.PEER_PACKAGE);
        assertThat(described.admitsMarkedTypes()).isTrue();
    }

    /** The same configuration, registered in another order, gives the same bytes. */
    @Test
    void descriptionIsDeterministic() {
        byte[] one = MessageTypes.builder().register(Point.class).register(Line.class).allowPackage("com.example.b")
                .allowPackage("com.example.a").build().admitted().toBytes();
        byte[] other = MessageTypes.builder().allowPackage("com.example.a").register(Line.class).register(Point.class)
                .allowPackage("com.example.b").build().admitted().toBytes();

        assertThat(one).isEqualTo(other);
    }

    /** Truncated or garbled descriptions are malformed, never anything else. */
    @Test
    void brokenDescriptionsAreMalformed() {
        byte[] bytes = SENDER.admitted().toBytes();
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> AdmittedTypes.fromBytes(truncated, 0, truncated.length))
                    .isInstanceOf(MalformedMessageException.class);
        }
        byte[] hugeCount = {1, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        assertThatThrownBy(() -> AdmittedTypes.fromBytes(hugeCount, 0, hugeCount.length))
                .isInstanceOf(MalformedMessageException.class);
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 9;
        assertThatThrownBy(() -> AdmittedTypes.fromBytes(otherFormat, 0, otherFormat.length))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("format 9");
    }

    /** A peer with the same configuration admits every message this node sends. */
    @Test
    void aPeerConfiguredAlikeAdmitsEverything() {
        AdmittedTypes alike = peer(MessageTypes.builder().register(Point.class).register(Line.class)
                .allowPackage(Codecs.PEER_PACKAGE));
        Object message = List.of(new Line(new Point(1, 2), new Point(3, 4), "l"), new PeerNote("n", List.of()),
                new Envelope(List.of(new Greeting("g", null)), new Greeting[0], Mood.CALM));

        byte[] bytes = codec.encode(message, null, alike);

        assertThat(codec.decode(bytes, 0, bytes.length)).isEqualTo(message);
    }

    /** A class registered here and not by the peer is refused at encode, naming it. */
    @Test
    void classNotRegisteredByThePeerIsRefused() {
        AdmittedTypes peer = peer(MessageTypes.builder().register(Line.class));

        assertThatThrownBy(() -> codec.encode(List.of(new Point(1, 2)), null, peer))
                .isInstanceOfSatisfying(ClassNotAdmittedException.class,
                        e -> assertThat(e.className()).isEqualTo(Point.class.getName()))
                .hasMessageContaining("has not registered it");
    }

    /**
     * A record field of a final type travels without its class: the peer's refusal of that type is
     * caught all the same (Line registered there, Point not).
     */
    @Test
    void classOfAFinalFieldIsCheckedToo() {
        AdmittedTypes peer = peer(MessageTypes.builder().register(Line.class));

        assertThatThrownBy(() -> codec.encode(new Line(new Point(1, 2), null, "l"), null, peer))
                .isInstanceOfSatisfying(ClassNotAdmittedException.class,
                        e -> assertThat(e.className()).isEqualTo(Point.class.getName()));
        assertThat(SENDER.isAdmittedBy(peer, Line.class)).isTrue();
        assertThat(SENDER.isAdmittedBy(peer, Point.class)).isFalse();
    }

    /** A class the peer registered with another id is refused, giving both ids. */
    @Test
    void classRegisteredWithAnotherIdIsRefused() {
        AdmittedTypes peer = peer(MessageTypes.builder().register(Point.class, 4242).register(Line.class));

        assertThatThrownBy(() -> codec.encode(new Point(1, 2), null, peer))
                .isInstanceOf(ClassNotAdmittedException.class)
                .hasMessageContaining("4242")
                .hasMessageContaining("same id");
    }

    /** A class that travels by name here is admitted by a peer that registered it or allows its package, else refused. */
    @Test
    void classByNameNeedsThePeersPackageOrRegistration() {
        PeerNote note = new PeerNote("n", List.of());

        assertThat(SENDER.isAdmittedBy(peer(MessageTypes.builder().allowPackage(Codecs.PEER_PACKAGE)), PeerNote.class))
                .isTrue();
        assertThat(SENDER.isAdmittedBy(peer(MessageTypes.builder().register(PeerNote.class)), PeerNote.class)).isTrue();
        assertThatThrownBy(() -> codec.encode(note, null, peer(MessageTypes.builder())))
                .isInstanceOf(ClassNotAdmittedException.class)
                .hasMessageContaining("does not admit it");
    }

    /** A marked class is admitted by a peer that admits marked types, and refused by one that does not. */
    @Test
    void markedClassNeedsAPeerThatAdmitsMarkedTypes() {
        AdmittedTypes strict = peer(MessageTypes.builder().admitMarkedTypes(false));

        assertThat(SENDER.isAdmittedBy(peer(MessageTypes.builder()), Greeting.class)).isTrue();
        assertThat(SENDER.isAdmittedBy(strict, Greeting.class)).isFalse();
        assertThat(SENDER.isAdmittedBy(strict, Greeting[].class)).isFalse();
        assertThatThrownBy(() -> codec.encode(List.of(new Greeting("g", null)), null, strict))
                .isInstanceOf(ClassNotAdmittedException.class)
                .hasMessageContaining("@Message");
    }

    /** Built-in types are admitted by every peer. */
    @Test
    void builtInTypesNeedNothing() {
        AdmittedTypes bare = peer(MessageTypes.builder().admitMarkedTypes(false));
        Object message = List.of("s", 1, new int[] {1}, java.util.Map.of("k", java.util.Set.of(1L)));

        byte[] bytes = codec.encode(message, null, bare);

        assertThat(bytes).isNotEmpty();
        assertThat(SENDER.isAdmittedBy(bare, String[].class)).isTrue();
    }

    /**
     * Among thousands of packages a peer allows, a class is admitted by the one it lies in, and
     * not by a package whose name merely begins its own.
     */
    @Test
    void aPackageAmongThousandsAdmitsItsClassesOnly() {
        String peerPackage = PeerNote.class.getPackageName();
        MessageTypes.Builder many = MessageTypes.builder();
        for (int i = 0; i < 5_000; i++) {
            many.allowPackage("com.example.p" + i);
        }
        AdmittedTypes withIt = many.allowPackage(peerPackage).build().admitted();
        AdmittedTypes withAPrefixOfIt = MessageTypes.builder().allowPackage("com.example.p1")
                .allowPackage(peerPackage.substring(0, peerPackage.length() - 1)).build().admitted();
        MessageTypes sender = MessageTypes.builder().allowPackage(peerPackage).build();

        assertThat(withIt.allowedPackages()).hasSize(5_001);
        assertThat(sender.isAdmittedBy(withIt, PeerNote.class)).isTrue();
        assertThat(sender.isAdmittedBy(withAPrefixOfIt, PeerNote.class)).isFalse();
    }
}
