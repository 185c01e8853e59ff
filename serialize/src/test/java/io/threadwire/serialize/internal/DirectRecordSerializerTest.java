package io.threadwire.serialize.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.NodeAddress;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MalformedMessageException;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectRecordSerializer} writes, byte for byte, what Kryo's own {@link RecordSerializer}
 * writes, so nodes that use either read each other; and it fails the way Kryo's does.
 */
class DirectRecordSerializerTest {
    static final int MAX_DEPTH = 8;

    record Primitives(boolean z, byte b, char c, short s, int i, long l, float f, double d) {
    }

    record Inner(String name, int n) {
    }

    /** Components of final types (String, a record, an array of a final type) and of others (Object, Number, List). */
    record Objects(String text, Inner inner, int[] numbers, Object anything, Number number, List<String> list) {
    }

    /** Written as {@link Objects} is, but "number" and "list" may be anything. */
    record Twin(String text, Inner inner, int[] numbers, Object anything, Object number, Object list) {
    }

    /** A class only a writer registers. */
    record Extra() {
    }

    record Empty() {
    }

    enum Suit { HEARTS, SPADES }

    sealed interface Shape permits Circle, Square {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(double side) implements Shape {
    }

    /** More kinds: an enum, a box (final, may be null), a sealed interface, a type variable, arrays of each. */
    record Varied<T>(Suit suit, Long boxed, Shape shape, T anything, Inner[] inners, Circle[] circles, Suit[] suits) {
    }

    record Positive(long n) {
        Positive {
            if (n <= 0) {
                throw new IllegalArgumentException("n must be positive: " + n);
            }
        }
    }

    private static final HandleResolver NO_HANDLES = new HandleResolver() {
        @Override
        public RemoteThread.ById export(LocalThread thread) {
            throw new AssertionError("no handle travels in these tests");
        }

        @Override
        public ThreadRef resolve(RemoteThread.ById handle) {
            throw new AssertionError("no handle travels in these tests");
        }
    };

    private static final Class<?>[] RECORDS = {Primitives.class, Inner.class, Objects.class, Twin.class, Empty.class,
            Positive.class, Varied.class, Circle.class, Square.class};

    private static final MessageTypes TYPES = MessageTypes.builder().addAll(registered(RECORDS)).register(Suit.class).build();

    private static MessageTypes registered(Class<?>... records) {
        MessageTypes.Builder b = MessageTypes.builder();
        for (Class<?> r : records) {
            b.register(r);
        }
        return b.build();
    }

    /** A node's Kryo, with this serializer for records, as every node's has; the records registered. */
    private static GuardedKryo direct() {
        return KryoFactory.create(TYPES, MAX_DEPTH, Long.MAX_VALUE, NO_HANDLES,
                DirectRecordSerializerTest.class.getClassLoader());
    }

    /** The same Kryo with Kryo's own record serializer for each of {@code records}. */
    private static GuardedKryo kryos(Class<?>... records) {
        GuardedKryo kryo = direct();
        for (Class<?> r : records) {
            kryo.getRegistration(r).setSerializer(new ApplicationSerializer<>(new RecordSerializer<>(r)));
        }
        return kryo;
    }

    private static byte[] encode(GuardedKryo kryo, Object message) {
        Output out = new Output(64, -1);
        kryo.beginEncode(null, false);
        kryo.writeClassAndObject(out, message);
        return out.toBytes();
    }

    private static Object decode(GuardedKryo kryo, byte[] bytes) {
        kryo.beginDecode();
        Input in = new Input(bytes);
        Object message = kryo.readClassAndObject(in);
        assertThat(in.position()).as("bytes read").isEqualTo(bytes.length);
        return message;
    }

    private static List<Object> messages() {
        List<Object> m = new ArrayList<>();
        m.add(new Primitives(false, (byte) 0, 'a', (short) 0, 0, 0L, 0f, 0d));
        m.add(new Primitives(true, Byte.MIN_VALUE, Character.MAX_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE,
                Float.NaN, Double.NEGATIVE_INFINITY));
        m.add(new Primitives(true, Byte.MAX_VALUE, '\u00e9', Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE,
                -0f, Double.MIN_VALUE));
        m.add(new Primitives(false, (byte) -1, '\0', (short) -1, -1, -1L, 1.5f, -2.25d));
        m.add(new Objects("text", new Inner("inner", 300), new int[] {1, -1, 1 << 30}, 42L, 7, List.of("a", "b")));
        m.add(new Objects(null, null, null, null, null, null));
        m.add(new Objects("", new Inner(null, -5), new int[0], new Inner("as an object", 1), 2.5d, new ArrayList<>()));
        m.add(new Objects("nested", null, null, new Objects("deeper", null, null, "x", null, null), null, null));
        m.add(new Empty());
        m.add(new Varied<>(Suit.SPADES, 42L, new Circle(1.5), "text", new Inner[] {new Inner("a", 1), null},
                new Circle[] {new Circle(2), null}, new Suit[] {Suit.HEARTS}));
        m.add(new Varied<>(null, null, null, null, null, null, null));
        m.add(new Varied<>(Suit.HEARTS, Long.MIN_VALUE, new Square(-0.0), List.of(new Varied<>(null, 1L, null, null,
                new Inner[0], new Circle[0], new Suit[0])), new Inner[0], new Circle[] {}, new Suit[] {null, Suit.SPADES}));
        m.add(new Positive(123_456_789_012L));
        return m;
    }

    /** Equal component by component, arrays by content, NaN to NaN and -0 to -0 as the records' own equals has it. */
    private static void assertSame(Object decoded, Object message) {
        assertThat(decoded).usingRecursiveComparison()
                .withEqualsForType(Float::equals, Float.class)
                .withEqualsForType(Double::equals, Double.class)
                .isEqualTo(message);
    }

    @Test
    void nodesUseIt() {
        GuardedKryo kryo = direct();

        for (Class<?> r : RECORDS) {
            assertThat(((ApplicationSerializer<?>) kryo.getSerializer(r)).wrapped()).as(r.getSimpleName())
                    .isInstanceOf(DirectRecordSerializer.class);
        }
    }

    @Test
    void writesTheBytesKryosRecordSerializerWrites() {
        for (Object message : messages()) {
            assertThat(encode(direct(), message)).as("%s", message).isEqualTo(encode(kryos(RECORDS), message));
        }
    }

    @Test
    void eachReadsWhatTheOtherWrote() {
        for (Object message : messages()) {
            Object viaKryos = decode(direct(), encode(kryos(RECORDS), message));
            Object viaDirect = decode(kryos(RECORDS), encode(direct(), message));

            assertThat(List.of(viaKryos, viaDirect)).as("%s", message)
                    .allSatisfy(decoded -> assertSame(decoded, message));
        }
    }

    /** A record's constructor that refuses what it was sent is a {@link Refusal} naming it, as under Kryo's serializer. */
    @Test
    void aConstructorThatThrowsIsARefusal() {
        byte[] refused = encode(direct(), new Positive(5));
        refused[refused.length - 1] = 0; // the varint of 5 becomes 0

        for (GuardedKryo kryo : List.of(direct(), kryos(RECORDS))) {
            assertThatThrownBy(() -> decode(kryo, refused)).isInstanceOf(Refusal.class)
                    .hasMessageContaining(Positive.class.getName())
                    .hasMessageContaining("n must be positive: 0");
        }
    }

    /**
     * Unwrapped, as a built-in record's serializer is, a constructor that throws is a broken
     * message under either serializer (a KryoException caused by an InvocationTargetException):
     * only an application's record turns it into a refusal that drops the message alone.
     */
    @Test
    void unwrappedAConstructorThatThrowsIsKryosFailure() {
        byte[] refused = encode(direct(), new Positive(5));
        refused[refused.length - 1] = 0;
        GuardedKryo bareDirect = direct();
        bareDirect.getRegistration(Positive.class).setSerializer(DirectRecordSerializer.forRecord(bareDirect, Positive.class));
        GuardedKryo bareKryos = direct();
        bareKryos.getRegistration(Positive.class).setSerializer(new RecordSerializer<>(Positive.class));

        for (GuardedKryo kryo : List.of(bareDirect, bareKryos)) {
            assertThatThrownBy(() -> decode(kryo, refused)).isInstanceOf(KryoException.class)
                    .isNotInstanceOf(Refusal.class)
                    .hasRootCauseInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(CodecFailures.find(e, InvocationTargetException.class)).isNotNull());
        }
    }

    /** A node address whose port is 0 is a broken message, as it was under Kryo's serializer: the connection closes. */
    @Test
    void aBuiltInRecordThatRefusesItsValuesIsAMalformedMessage() {
        MessageCodec codec = new MessageCodec(MessageTypes.builtInOnly(), 1 << 20, MAX_DEPTH, NO_HANDLES);
        byte[] good = codec.encode(new NodeAddress("node.example", 7001), null); // "host", then "port" as a varint of 2 bytes
        byte[] portZero = Arrays.copyOf(good, good.length - 1);
        portZero[portZero.length - 1] = 0;

        assertThat(codec.decode(good, 0, good.length)).isEqualTo(new NodeAddress("node.example", 7001));
        assertThatThrownBy(() -> codec.decode(portZero, 0, portZero.length)).isInstanceOf(MalformedMessageException.class);
    }

    /**
     * A component of the wrong class is reported only once every component is read, as Kryo's
     * serializer reports it: a later component of a class this node does not have is then the
     * failure, which drops the message alone.
     */
    @Test
    void aLaterUnknownClassIsReportedBeforeAWrongClass() {
        GuardedKryo writer = KryoFactory.create(MessageTypes.builder().addAll(TYPES).register(Extra.class).build(), MAX_DEPTH,
                Long.MAX_VALUE, NO_HANDLES, DirectRecordSerializerTest.class.getClassLoader());
        Output out = new Output(64, -1);
        writer.beginEncode(null, false);
        writer.writeClass(out, Objects.class);
        // components in name order: "list" a String (not a List), then "number" of a class unknown here
        writer.writeObject(out, new Twin(null, null, null, null, new Extra(), "7"));
        byte[] hostile = out.toBytes();

        for (GuardedKryo kryo : List.of(direct(), kryos(RECORDS))) {
            assertThatThrownBy(() -> decode(kryo, hostile)).satisfies(e -> assertThat(CodecFailures.find(e, Refusal.class))
                    .as("the refusal of the unknown class").isNotNull());
        }
    }

    /**
     * A decoded component of the wrong class (a component that is not of a final type is written
     * with its class) is refused before the record's constructor runs, as Kryo's serializer does.
     */
    @Test
    void aComponentOfTheWrongClassIsRefusedBeforeTheConstructor() {
        GuardedKryo writer = direct();
        Output out = new Output(64, -1);
        writer.beginEncode(null, false);
        writer.writeClass(out, Objects.class);
        writer.writeObject(out, new Twin(null, null, null, null, "7", null)); // Objects' "number" as a String
        byte[] hostile = out.toBytes();

        for (GuardedKryo kryo : List.of(direct(), kryos(RECORDS))) {
            assertThatThrownBy(() -> decode(kryo, hostile)).isInstanceOf(KryoException.class)
                    .isNotInstanceOf(Refusal.class)
                    .hasMessageContaining("argument type mismatch");
        }
    }

    /**
     * Kryo's serializer writes a primitive component through {@code writeObject}, one level of
     * nesting deeper than its record; so does this one, encoding and decoding, so that the deepest
     * message a node takes does not depend on which serializer wrote it.
     */
    @Test
    void aPrimitiveComponentCountsAsOneLevelOfNesting() {
        byte[] positive = encode(direct(), new Positive(5));

        for (GuardedKryo kryo : List.of(direct(), kryos(RECORDS))) {
            kryo.setMaxDepth(1);
            assertThat(encode(kryo, new Empty())).isNotEmpty();
            assertThatThrownBy(() -> encode(kryo, new Positive(5))).isInstanceOf(KryoException.class)
                    .hasMessageContaining("depth");
            assertThatThrownBy(() -> decode(kryo, positive)).isInstanceOf(KryoException.class)
                    .hasMessageContaining("depth");
            kryo.recover();
            kryo.setMaxDepth(2);
            assertThat(decode(kryo, encode(kryo, new Positive(5)))).isEqualTo(new Positive(5));
        }
    }

    /** A class that is not a record gets none. */
    @Test
    void onlyRecords() {
        assertThat(DirectRecordSerializer.forRecord(direct(), String.class)).isNull();
        assertThat(DirectRecordSerializer.forRecord(direct(), Empty.class)).isNotNull();
    }

    /** A serializer keeps nothing from one message to the next. */
    @Test
    void encodingAndDecodingLeaveNoStateBehind() {
        GuardedKryo kryo = direct();
        Consumer<Object> roundTrip = m -> assertSame(decode(kryo, encode(kryo, m)), m);

        messages().forEach(roundTrip);
        messages().forEach(roundTrip);
    }
}
