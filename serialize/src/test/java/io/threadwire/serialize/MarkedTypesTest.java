package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.serialize.marked.Counter;
import io.threadwire.serialize.marked.Envelope;
import io.threadwire.serialize.marked.Fussy;
import io.threadwire.serialize.marked.Greeting;
import io.threadwire.serialize.marked.LookAlike;
import io.threadwire.serialize.marked.Mood;
import io.threadwire.serialize.marked.Positive;
import io.threadwire.serialize.marked.Shape;
import io.threadwire.serialize.marked.SubCounter;
import io.threadwire.serialize.marked.UnmarkedFuse;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Types marked {@code @Message} travel with no configuration; a class named on the wire is
 * admitted only if it carries that very marker, and one that does not is never initialized.
 */
class MarkedTypesTest {
    private static final String MARKED_PACKAGE = Greeting.class.getPackageName();

    /** Both ends configured with nothing: the built-in types and marked ones. */
    private final FakeResolver nodeA = Codecs.nodeA();
    private final MessageCodec sender = Codecs.codec(MessageTypes.builtInOnly(), nodeA);
    private final MessageCodec receiver = Codecs.codec(MessageTypes.builtInOnly(), Codecs.nodeB());

    private Object travel(Object message) {
        byte[] bytes = sender.encode(message, null);
        return receiver.decode(bytes, 0, bytes.length);
    }

    private static byte[] named(String className) {
        return Wire.bytes(out -> {
            Wire.className(out, className);
            out.writeByte(0);
        });
    }

    /** A marked record, with a thread handle in it, travels between codecs configured with nothing. */
    @Test
    void markedRecordTravelsWithDefaultConfiguration() {
        LocalThread me = Messaging.self();
        Greeting greeting = new Greeting("hello", me);

        Greeting decoded = (Greeting) travel(greeting);

        assertThat(decoded.text()).isEqualTo("hello");
        assertThat(decoded.from()).isEqualTo(nodeA.export(me));
    }

    /** A marked enum decodes to the same constant. */
    @Test
    void markedEnumTravels() {
        assertThat(travel(Mood.CROSS)).isSameAs(Mood.CROSS);
    }

    /** A marked class with a no-argument constructor travels. */
    @Test
    void markedClassWithANoArgumentConstructorTravels() {
        assertThat(travel(new Counter("hits", 42))).isEqualTo(new Counter("hits", 42));
    }

    /** A marked record holding a list and an array of another marked record, and a marked enum, travels whole. */
    @Test
    void nestedMarkedTypesTravel() {
        Envelope envelope = new Envelope(List.of(new Greeting("a", null), new Greeting("b", null)),
                new Greeting[] {new Greeting("c", null), null}, Mood.CALM);

        assertThat(travel(Map.of("envelope", envelope))).isEqualTo(Map.of("envelope", envelope));
    }

    /** The records a marked sealed interface permits travel without a marker of their own. */
    @Test
    void permittedSubclassesOfAMarkedSealedTypeTravel() {
        List<Shape> shapes = List.of(new Shape.Circle(1.5), new Shape.Square(2));

        assertThat(travel(shapes)).isEqualTo(shapes);
    }

    /** An array of a marked type travels as an array of that type. */
    @Test
    void arrayOfAMarkedTypeTravels() {
        Object decoded = travel(new Mood[] {Mood.CALM, Mood.CROSS});

        assertThat(decoded).isInstanceOf(Mood[].class);
        assertThat((Mood[]) decoded).containsExactly(Mood.CALM, Mood.CROSS);
    }

    /** A subclass of a marked class is not admitted: the marker is not inherited. */
    @Test
    void unmarkedSubclassOfAMarkedClassIsRefused() {
        assertThatThrownBy(() -> sender.encode(new SubCounter(), null))
                .isInstanceOfSatisfying(ClassNotAdmittedException.class,
                        e -> assertThat(e.className()).isEqualTo(SubCounter.class.getName()));
        assertThat(Codecs.decodeFailure(receiver, named(SubCounter.class.getName())))
                .isInstanceOf(UndecodableMessageException.class);
    }

    /** Where marked types are not admitted, a marked record is refused at send and on receipt. */
    @Test
    void markedTypesCanBeTurnedOff() {
        MessageTypes listOnly = MessageTypes.builder().admitMarkedTypes(false).build();
        MessageCodec strictSender = Codecs.codec(listOnly);
        MessageCodec strictReceiver = Codecs.codec(listOnly, Codecs.nodeB());
        byte[] bytes = sender.encode(new Greeting("hi", null), null);

        assertThatThrownBy(() -> strictSender.encode(new Greeting("hi", null), null))
                .isInstanceOf(ClassNotAdmittedException.class);
        assertThat(Codecs.decodeFailure(strictReceiver, bytes)).isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining(Greeting.class.getName());
    }

    /**
     * An unmarked, unregistered class named on the wire is refused with an error that names it and
     * both ways to admit it, and its static initializer never runs.
     */
    @Test
    void unmarkedClassIsRefusedAndNeverInitialized() {
        String unmarked = MARKED_PACKAGE + ".Unmarked"; // never referred to as a class, so nothing else initializes it

        Throwable thrown = Codecs.decodeFailure(receiver, named(unmarked));

        assertThat(thrown).isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.className()).isEqualTo(unmarked))
                .hasMessageContaining("@Message")
                .hasMessageContaining("register(Unmarked.class)");
        assertThat(UnmarkedFuse.lit).as("Unmarked's static initializer ran").isFalse();
    }

    /** Sending an unmarked, unregistered record fails at send, naming it and both ways to admit it. */
    @Test
    void unmarkedRecordIsRefusedAtSendSayingHowToAdmitIt() {
        record Local(String text) {
        }

        assertThatThrownBy(() -> sender.encode(new EncodeAdmissionTest.Unadmitted("x"), null))
                .isInstanceOf(ClassNotAdmittedException.class)
                .hasMessageContaining(EncodeAdmissionTest.Unadmitted.class.getName())
                .hasMessageContaining("mark it @Message")
                .hasMessageContaining("register(");
        assertThatThrownBy(() -> sender.encode(new Local("x"), null)).isInstanceOf(ClassNotAdmittedException.class);
    }

    /** A marked class the receiver does not have is an undecodable message naming it, not a broken stream. */
    @Test
    void markedClassMissingOnTheReceiverIsAnUndecodableMessage() {
        String missing = MARKED_PACKAGE + ".Farewell";

        Throwable thrown = Codecs.decodeFailure(receiver, named(missing));

        assertThat(thrown).isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.className()).isEqualTo(missing))
                .hasMessageContaining("not on this node's class path");
    }

    /**
     * A record whose constructor refuses the decoded values (another version of it sent them)
     * is an undecodable message naming it, not a broken stream; the same bytes with a value it
     * accepts decode.
     */
    @Test
    void recordThatRefusesItsValuesIsAnUndecodableMessage() {
        IntFunction<byte[]> positive = n -> Wire.bytes(out -> {
            Wire.className(out, Positive.class.getName());
            out.writeVarInt(n, false);
        });
        byte[] accepted = positive.apply(5);

        assertThat(receiver.decode(accepted, 0, accepted.length)).isEqualTo(new Positive(5));
        assertThat(Codecs.decodeFailure(receiver, positive.apply(-5)))
                .isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.className()).isEqualTo(Positive.class.getName()))
                .hasMessageContaining("n must be positive");
    }

    /**
     * A plain class whose public no-argument constructor throws on the receiving node is, like a
     * record that refuses its values, an undecodable message naming it (dropped, the connection
     * kept), not a broken stream.
     */
    @Test
    void plainClassWhoseConstructorRefusesIsAnUndecodableMessage() {
        Fussy fussy = new Fussy();
        fussy.text = "hello";
        byte[] bytes = sender.encode(fussy, null);

        Fussy.refuse = true;
        try {
            assertThat(Codecs.decodeFailure(receiver, bytes))
                    .isInstanceOfSatisfying(UndecodableMessageException.class,
                            e -> assertThat(e.className()).isEqualTo(Fussy.class.getName()))
                    .hasMessageContaining("not set up on this node");
        } finally {
            Fussy.refuse = false;
        }
    }

    /** A class carrying an annotation of the marker's simple name from another package is refused. */
    @Test
    void lookAlikeMarkerFromAnotherPackageIsRefused() {
        assertThatThrownBy(() -> sender.encode(new LookAlike("x"), null)).isInstanceOf(ClassNotAdmittedException.class);
        assertThat(Codecs.decodeFailure(receiver, named(LookAlike.class.getName())))
                .isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining(LookAlike.class.getName());
    }

    /**
     * A marked class resolved in another class loader, which defines its own copy of the
     * {@code Message} annotation, is refused: the marker is compared by identity, not by name.
     */
    @Test
    void markerFromAnotherClassLoaderIsRefused() throws IOException {
        byte[] bytes = sender.encode(new Greeting("hi", null), null);
        try (URLClassLoader other = new URLClassLoader("look-alike", new URL[] {location(io.threadwire.core.Message.class),
                location(Greeting.class)}, ClassLoader.getPlatformClassLoader())) {
            MessageCodec tricked = Codecs.codec(MessageTypes.builder().classLoader(other).build(), Codecs.nodeB());
            MessageCodec control = Codecs.codec(MessageTypes.builder().classLoader(getClass().getClassLoader()).build(),
                    Codecs.nodeB());

            assertThat(control.decode(bytes, 0, bytes.length)).isEqualTo(new Greeting("hi", null));
            assertThat(Codecs.decodeFailure(tricked, bytes)).isInstanceOf(UndecodableMessageException.class)
                    .hasMessageContaining(Greeting.class.getName());
        }
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
