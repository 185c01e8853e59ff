package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import io.threadwire.core.Messaging;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.serialize.Messages.Color;
import io.threadwire.serialize.Messages.Line;
import io.threadwire.serialize.Messages.Order;
import io.threadwire.serialize.Messages.Point;
import io.threadwire.serialize.peer.PeerLevel;
import io.threadwire.serialize.peer.PeerNote;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes a hostile or broken peer can send end in {@link MalformedMessageException} and nothing
 * else: no other exception, no Error, no allocation beyond a small bound, no poisoned codec.
 */
class HostileInputTest {
    /** Generous bounds: an allocation bomb that got through would allocate gigabytes. */
    private static final long MAX_ALLOCATED_PER_DECODE = 16L << 20;
    private static final long MAX_RETAINED_GROWTH = 64L << 20;
    private static final long MAX_DECODE_NANOS = 2_000_000_000L;
    /** Random inputs per fuzz test: each failed decode rebuilds a Kryo (milliseconds), so a few thousand. */
    private static final int FUZZ_ROUNDS = 2000;

    private final MessageCodec codec = Codecs.codec(Codecs.appTypes());

    /**
     * One kind of allocation bomb: {@code writer} writes a value whose declared size is
     * {@code c[0]}, followed by {@code c[1]} real elements (a well-formed value when the two
     * are equal).
     */
    record Bomb(String name, int claimed, BiConsumer<Output, int[]> writer) {
        byte[] bytes(int declared, int actual) {
            return Wire.bytes(out -> writer.accept(out, new int[] {declared, actual}));
        }

        /** The bomb as a peer would send it: a huge claim, one real element. */
        byte[] bytes() {
            return bytes(claimed, 1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Bomb bomb(String name, int claimed, BiConsumer<Output, int[]> writer) {
        return new Bomb(name, claimed, writer);
    }

    private static void ints(Output out, int n) {
        for (int i = 0; i < n; i++) {
            Wire.integer(out, i);
        }
    }

    static Stream<Bomb> bombs() {
        return Stream.of(
                bomb("String of 1G chars", 1_000_000_000, (out, c) -> {
                    Wire.classId(out, Wire.STRING);
                    out.writeVarIntFlag(true, c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        out.writeByte('x');
                    }
                }),
                bomb("byte[] of 1.9 GB", 1_900_000_000, (out, c) -> {
                    Wire.classId(out, Wire.BYTE_ARRAY);
                    out.writeVarInt(c[0] + 1, true);
                    out.writeBytes(new byte[c[1]]);
                }),
                bomb("int[] of 500M", 500_000_000, (out, c) -> {
                    Wire.classId(out, Wire.INT_ARRAY);
                    out.writeVarInt(c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        out.writeVarInt(i, false);
                    }
                }),
                bomb("long[] of 250M", 250_000_000, (out, c) -> {
                    Wire.classId(out, Wire.LONG_ARRAY);
                    out.writeVarInt(c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        out.writeVarLong(i, false);
                    }
                }),
                bomb("char[] of 1G", 1_000_000_000, (out, c) -> {
                    Wire.classId(out, Wire.CHAR_ARRAY);
                    out.writeVarInt(c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        out.writeChar('c');
                    }
                }),
                bomb("boolean[] of 1.9G", 1_900_000_000, (out, c) -> {
                    Wire.classId(out, Wire.BOOLEAN_ARRAY);
                    out.writeVarInt(c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        out.writeBoolean(true);
                    }
                }),
                bomb("String[] of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.STRING_ARRAY);
                    out.writeVarInt(c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        out.writeString("s");
                    }
                }),
                bomb("Object[] of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.OBJECT_ARRAY);
                    out.writeVarInt(c[0] + 1, true);
                    ints(out, c[1]);
                }),
                bomb("ArrayList of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.ARRAY_LIST);
                    out.writeVarIntFlag(false, c[0] + 1, true); // elements of mixed classes
                    ints(out, c[1]);
                }),
                bomb("ArrayList of 400M of one class", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.ARRAY_LIST);
                    out.writeVarIntFlag(true, c[0] + 1, true); // elements all of one class
                    Wire.classId(out, Wire.INT);
                    out.writeBoolean(false); // no nulls
                    for (int i = 0; i < c[1]; i++) {
                        out.writeVarInt(i, false);
                    }
                }),
                bomb("LinkedList of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.LINKED_LIST);
                    out.writeVarIntFlag(false, c[0] + 1, true);
                    ints(out, c[1]);
                }),
                bomb("ArrayDeque of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.ARRAY_DEQUE);
                    out.writeVarIntFlag(false, c[0] + 1, true);
                    ints(out, c[1]);
                }),
                bomb("HashSet of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.HASH_SET);
                    out.writeVarIntFlag(false, c[0] + 1, true);
                    ints(out, c[1]);
                }),
                bomb("HashMap of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.HASH_MAP);
                    out.writeVarInt(c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        Wire.integer(out, i);
                        Wire.integer(out, -i);
                    }
                }),
                bomb("ConcurrentHashMap of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.CONCURRENT_HASH_MAP);
                    out.writeVarInt(c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        Wire.integer(out, i);
                        Wire.integer(out, -i);
                    }
                }),
                bomb("List.of of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.LIST_N);
                    out.writeVarInt(c[0], true);
                    ints(out, c[1]);
                }),
                bomb("Set.of of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.SET_N);
                    out.writeVarInt(c[0], true);
                    ints(out, c[1]);
                }),
                bomb("Map.of of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.MAP_N);
                    out.writeVarInt(c[0], true);
                    for (int i = 0; i < c[1]; i++) {
                        Wire.integer(out, i);
                        Wire.integer(out, -i);
                    }
                }),
                bomb("Arrays.asList of 400M", 400_000_000, (out, c) -> {
                    Wire.classId(out, Wire.ARRAYS_AS_LIST);
                    out.writeVarInt(c[0], true);
                    ints(out, c[1]);
                }),
                bomb("BigInteger of 1.9 GB", 1_900_000_000, (out, c) -> {
                    Wire.classId(out, Wire.BIG_INTEGER);
                    out.writeVarInt(c[0] + 1, true);
                    for (int i = 0; i < c[1]; i++) {
                        out.writeByte(i + 1);
                    }
                }),
                bomb("BitSet of 250M longs", 250_000_000, (out, c) -> {
                    Wire.classId(out, Wire.BIT_SET);
                    out.writeVarInt(c[0], true);
                    for (int i = 0; i < c[1]; i++) {
                        out.writeLong(i + 1);
                    }
                }));
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Asserts the one outcome hostile bytes may have: MalformedMessageException, with no Error behind it. */
    private static void assertMalformed(Throwable thrown) {
        assertThat(thrown).isInstanceOf(MalformedMessageException.class);
        assertThat(Codecs.causes(thrown)).noneMatch(c -> c instanceof Error);
    }

    /** Control: each bomb's bytes, with a truthful size, are a well-formed message. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void truthfulSizeDecodes(Bomb bomb) {
        byte[] bytes = bomb.bytes(3, 3);

        assertThat(codec.decode(bytes, 0, bytes.length)).isNotNull();
    }

    /** A message of at most 16 bytes that claims a huge size is malformed, quickly, without allocating for the claim. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void hugeClaimIsMalformedWithoutAllocating(Bomb bomb) {
        byte[] bytes = bomb.bytes();
        assertThat(bytes.length).as("the bomb's size").isLessThanOrEqualTo(16);
        Codecs.decodeFailure(codec, bytes); // warm up: classes loaded, the dropped Kryo replaced once

        long heapBefore = usedHeapAfterGc();
        long allocatedBefore = allocatedByThisThread();
        long start = System.nanoTime();
        Throwable thrown = Codecs.decodeFailure(codec, bytes);
        long nanos = System.nanoTime() - start;
        long allocated = allocatedByThisThread() - allocatedBefore;
        long heapAfter = usedHeapAfterGc();
        System.out.printf("hostile %-32s %2d bytes: %5.1f ms, allocated %,7d KB, heap %,d KB -> %,d KB%n",
                bomb, bytes.length, nanos / 1e6, allocated >> 10, heapBefore >> 10, heapAfter >> 10);

        assertMalformed(thrown);
        assertThat(allocated).as("bytes allocated by the decode").isLessThan(MAX_ALLOCATED_PER_DECODE);
        assertThat(heapAfter - heapBefore).as("growth of the heap in use").isLessThan(MAX_RETAINED_GROWTH);
        assertThat(nanos).as("nanoseconds to refuse").isLessThan(MAX_DECODE_NANOS);
    }

    /** Control for the allocation bound: decoding a truthful 24 MB byte[] is seen to allocate at least that much. */
    @Test
    void allocationProbeSeesALargeTruthfulArray() {
        int size = 24 << 20;
        MessageCodec big = new MessageCodec(MessageTypes.builtInOnly(), size + 16, Codecs.MAX_DEPTH, Codecs.nodeA());
        byte[] bytes = big.encode(new byte[size], null);

        long allocatedBefore = allocatedByThisThread();
        big.decode(bytes, 0, bytes.length);
        long allocated = allocatedByThisThread() - allocatedBefore;

        assertThat(allocated).isGreaterThanOrEqualTo(size).isGreaterThan(MAX_ALLOCATED_PER_DECODE);
    }

    /** A class name whose declared length is 1G characters is malformed without allocating for it. */
    @Test
    void hugeClassNameIsMalformedWithoutAllocating() {
        byte[] bytes = Wire.bytes(out -> {
            out.writeByte(1); // class by name
            out.writeVarInt(0, true);
            out.writeVarIntFlag(true, 1_000_000_001, true);
            out.writeByte('a');
        });
        Codecs.decodeFailure(codec, bytes);

        long allocatedBefore = allocatedByThisThread();
        Throwable thrown = Codecs.decodeFailure(codec, bytes);
        long allocated = allocatedByThisThread() - allocatedBefore;

        assertMalformed(thrown);
        assertThat(allocated).isLessThan(MAX_ALLOCATED_PER_DECODE);
    }

    private static byte[] nestedLists(int depth) {
        return Wire.bytes(out -> {
            for (int i = 0; i < depth; i++) {
                Wire.classId(out, Wire.ARRAY_LIST);
                out.writeVarIntFlag(false, 2, true); // one element, of any class
            }
            out.writeByte(0); // the innermost element: null
        });
    }

    /** Control: the hand-made nesting is a well-formed message when shallow. */
    @Test
    void shallowNestingDecodes() {
        byte[] bytes = nestedLists(10);

        Object decoded = codec.decode(bytes, 0, bytes.length);

        Object expected = null;
        for (int i = 0; i < 10; i++) {
            expected = new ArrayList<>(Arrays.asList(expected));
        }
        assertThat(decoded).isEqualTo(expected);
    }

    /** Lists nested 100,000 deep are malformed. */
    @Test
    void deepNestingIsMalformed() {
        assertMalformed(Codecs.decodeFailure(codec, nestedLists(100_000)));
    }

    /** Nesting deeper than the stack allows, on a codec without a useful depth limit, is malformed too: no StackOverflowError escapes. */
    @Test
    void nestingThatOverflowsTheStackIsMalformed() {
        MessageCodec unlimited = new MessageCodec(Codecs.appTypes(), Codecs.MAX_SIZE, Integer.MAX_VALUE, Codecs.nodeA());

        Throwable thrown = Codecs.decodeFailure(unlimited, nestedLists(100_000));

        assertThat(thrown).isInstanceOf(MalformedMessageException.class);
    }

    /** Nesting one level deeper than the receiver's maxDepth is malformed, though the sender allowed it. */
    @Test
    void nestingBeyondTheReceiversDepthIsMalformed() {
        MessageCodec deepSender = new MessageCodec(Codecs.appTypes(), Codecs.MAX_SIZE, 1000, Codecs.nodeA());
        Object message = null;
        for (int i = 0; i < Codecs.MAX_DEPTH + 1; i++) {
            message = new ArrayList<>(Arrays.asList(message));
        }

        byte[] bytes = deepSender.encode(message, null);

        assertMalformed(Codecs.decodeFailure(codec, bytes));
    }

    static Order sampleOrder() {
        return new Order("ørder-✓", List.of(new Line(new Point(1, 2), new Point(-3, 400), "line"), new Line(null, null, null)),
                new HashMap<>(Map.of("a", new Point(0, 0))), EnumSet.of(Color.RED, Color.BLUE),
                new Point[] {new Point(5, 5), null},
                List.of(new PeerNote("note", List.of(PeerLevel.LOW)), Optional.of(new BigInteger("123456789123456789")),
                        List.of(1, 2, 3), Map.of("k", List.of("v"))));
    }

    static List<Object> sampleMessages() {
        return List.of(sampleOrder(), "plain ascii text", "ünïcödé", List.of(1, 2L, 3.0, 'c', (byte) 4),
                new Object[] {new Point(1, 2), PeerLevel.HIGH, null, new int[] {1, 2, 3}, new String[] {"v", null}},
                new Synchronous(List.of("req"), RemoteThread.named(Codecs.nodeB().address(), "svc"), 9),
                new Messages.Holder("x", new RemoteThread.ById(Codecs.nodeB().address(), 1, 2)));
    }

    /** Every proper prefix of a valid message is malformed. */
    @Test
    void everyTruncationIsMalformed() {
        byte[] whole = codec.encode(sampleOrder(), null);

        for (int length = 0; length < whole.length; length++) {
            Throwable thrown = Codecs.decodeFailure(codec, Arrays.copyOf(whole, length));
            assertThat(thrown).as("first %d of %d bytes", length, whole.length)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    /** A valid message followed by more bytes is malformed, saying how many bytes were left over. */
    @Test
    void trailingBytesAreMalformed() {
        byte[] whole = codec.encode(sampleOrder(), null);
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);

        assertThat(Codecs.decodeFailure(codec, longer))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("3 bytes after the message");
    }

    /** An empty byte range is malformed. */
    @Test
    void emptyInputIsMalformed() {
        assertMalformed(Codecs.decodeFailure(codec, new byte[0]));
    }

    /** A null message (class id 0) is malformed. */
    @Test
    void nullMessageIsMalformed() {
        assertMalformed(Codecs.decodeFailure(codec, new byte[] {0}));
    }

    /** A class id that nothing is registered under is malformed. */
    @ParameterizedTest
    @ValueSource(ints = {9, 49, 99, 999, 5000, 1 << 20, Integer.MAX_VALUE - 2})
    void unknownClassIdIsMalformed(int id) {
        byte[] bytes = Wire.bytes(out -> {
            Wire.classId(out, id);
            out.writeByte(1);
        });

        assertMalformed(Codecs.decodeFailure(codec, bytes));
    }

    /** A class named by the peer that is not admitted (JDK gadgets included) is malformed, naming it. */
    @ParameterizedTest
    @ValueSource(strings = {"javax.naming.InitialContext", "java.lang.Runtime", "java.lang.ProcessBuilder",
            "com.sun.rowset.JdbcRowSetImpl", "java.net.URL", "org.example.NotOnTheClassPath",
            "io.threadwire.core.LocalThread", "java.lang.Object", "[Ljavax.naming.InitialContext;",
            "[[Ljava.lang.Runtime;", "io.threadwire.serialize.Messages$Point$$Lambda/0x1"})
    void classByNameOutsideTheListIsMalformed(String name) {
        byte[] bytes = Wire.bytes(out -> {
            Wire.className(out, name);
            out.writeByte(0);
        });

        Throwable thrown = Codecs.decodeFailure(codec, bytes);

        assertMalformed(thrown);
        assertThat(thrown).hasMessageContaining(name);
    }

    /**
     * A class name that cannot be one (whitespace, control characters, a line break that would
     * forge a log line) is malformed, not merely undecodable, and the error shows it escaped.
     */
    @ParameterizedTest
    @ValueSource(strings = {"com.example.A\nWARN forged line", "com.example.A B", "com.example.\u0000A", ""})
    void classNameThatCannotBeOneIsMalformed(String name) {
        byte[] bytes = Wire.bytes(out -> {
            Wire.className(out, name);
            out.writeByte(0);
        });

        Throwable thrown = Codecs.decodeFailure(codec, bytes);

        assertMalformed(thrown);
        assertThat(thrown).isNotInstanceOf(UndecodableMessageException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n").doesNotContain("\u0000");
    }

    /** A reference to a class name the message never gave is malformed. */
    @Test
    void danglingClassNameReferenceIsMalformed() {
        byte[] bytes = {1, 5};

        assertMalformed(Codecs.decodeFailure(codec, bytes));
    }

    /**
     * Class name ids must come in the order Kryo's writer gives them (0, 1, 2, …): a first name
     * under id 0 decodes, a first name under any other id is malformed (ids a peer chose to
     * collide in Kryo's table would make decoding quadratic).
     */
    @Test
    void classNameIdsOutOfOrderAreMalformed() {
        byte[] inOrder = Wire.bytes(out -> {
            Wire.className(out, "[B");
            out.writeVarInt(3, true); // a byte[] of 2 bytes
            out.writeBytes(new byte[] {7, 8});
        });
        assertThat((byte[]) codec.decode(inOrder, 0, inOrder.length)).containsExactly(7, 8);

        for (int id : new int[] {1, 64, Integer.MAX_VALUE, -1}) {
            byte[] skipped = Wire.bytes(out -> {
                out.writeByte(1);
                out.writeVarInt(id, true);
                out.writeString("[B");
                out.writeVarInt(1, true);
            });
            Throwable thrown = Codecs.decodeFailure(codec, skipped);
            assertMalformed(thrown);
            assertThat(thrown).as("id %d", id).hasMessageContaining("out of order");
        }
    }

    /** Thousands of random byte arrays each decode to a message or are malformed; nothing else. */
    @Test
    void randomBytesDecodeOrAreMalformed() {
        Random random = new Random(20240229);
        int[] classIds = {0, 1, 8, 10, 12, 17, 18, 19, 20, 22, 24, 27, 29, 30, 37, 38, 39, 41, 42, 43, 44, 50, 51, 52,
                53, 60, 66, 69, 73, 80, 90, 91, 92, 93, 94};
        int decoded = 0;
        for (int i = 0; i < FUZZ_ROUNDS; i++) {
            byte[] bytes = new byte[random.nextInt(48)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) { // start with a real class id to get past the first byte
                bytes[0] = (byte) (classIds[random.nextInt(classIds.length)] + 2);
            }
            if (decodesOrIsMalformed(bytes, "random #" + i)) {
                decoded++;
            }
        }
        System.out.println("random bytes: " + decoded + " of " + FUZZ_ROUNDS + " decoded");
    }

    /** Thousands of random mutations of valid messages each decode to a message or are malformed; nothing else. */
    @Test
    void mutatedMessagesDecodeOrAreMalformed() {
        Random random = new Random(7);
        List<byte[]> valid = sampleMessages().stream().map(m -> codec.encode(m, null)).toList();
        int decoded = 0;
        for (int i = 0; i < FUZZ_ROUNDS; i++) {
            byte[] bytes = mutate(valid.get(random.nextInt(valid.size())), random);
            if (decodesOrIsMalformed(bytes, "mutation #" + i)) {
                decoded++;
            }
        }
        System.out.println("mutated messages: " + decoded + " of " + FUZZ_ROUNDS + " decoded");
    }

    private boolean decodesOrIsMalformed(byte[] bytes, String what) {
        long allocatedBefore = allocatedByThisThread();
        Object message;
        try {
            message = codec.decode(bytes, 0, bytes.length);
        } catch (Throwable t) {
            assertThat(t).as("%s: %s", what, Arrays.toString(bytes)).isInstanceOf(MalformedMessageException.class);
            assertThat(Codecs.causes(t)).as("%s: %s", what, Arrays.toString(bytes)).noneMatch(c -> c instanceof Error);
            message = null;
        }
        assertThat(allocatedByThisThread() - allocatedBefore).as("%s: bytes allocated", what)
                .isLessThan(MAX_ALLOCATED_PER_DECODE);
        return message != null;
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b[at] = (byte) (random.nextBoolean() ? 0xff : 0x80);
                case 3 -> { // delete a byte
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                case 4 -> { // insert a byte
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                default -> b = Arrays.copyOf(b, at); // truncate
            }
        }
        return b;
    }

    /** After every kind of hostile input, the same codec still encodes and decodes valid messages. */
    @Test
    void codecStillWorksAfterHostileInput() {
        Random random = new Random(99);
        List<byte[]> hostile = new ArrayList<>();
        bombs().forEach(bomb -> hostile.add(bomb.bytes()));
        hostile.add(nestedLists(100_000));
        hostile.add(new byte[] {1, 0, (byte) 0x80});
        List<byte[]> valid = sampleMessages().stream().map(m -> codec.encode(m, null)).toList();
        for (int i = 0; i < 200; i++) {
            hostile.add(mutate(valid.get(random.nextInt(valid.size())), random));
        }
        for (byte[] bytes : hostile) {
            try {
                codec.decode(bytes, 0, bytes.length);
            } catch (MalformedMessageException expected) {
                // the point is what comes after
            }
        }

        Object withHandle = new Messages.Holder("me", Messaging.self());
        for (int i = 0; i < 100; i++) {
            for (Object message : sampleMessages()) {
                assertThat(Codecs.roundTrip(codec, message)).isEqualTo(message);
            }
            assertThat(Codecs.roundTrip(codec, withHandle)).isEqualTo(withHandle);
        }
    }
}
