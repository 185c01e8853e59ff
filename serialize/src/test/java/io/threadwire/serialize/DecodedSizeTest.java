package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.serialize.Messages.Point;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What one message may make the receiver allocate is bounded by maxDecodedSize, whatever its
 * bytes: every kind of small element (strings, boxes, records, map entries, nested lists,
 * arrays) is charged as it is made, and a message past the limit is refused as one
 * undecodable message, after allocating about the limit, not the message's full weight.
 */
class DecodedSizeTest {
    private static final long LIMIT = 4L << 20;
    /** A sender that would let anything through: hostile bytes, as a peer configured otherwise sends them. */
    private final MessageCodec lenient = new MessageCodec(Codecs.appTypes(), Codecs.MAX_SIZE * 16, Codecs.MAX_DEPTH,
            1L << 40, Codecs.nodeA());
    private final MessageCodec receiver = new MessageCodec(Codecs.appTypes(), Codecs.MAX_SIZE * 16, Codecs.MAX_DEPTH,
            LIMIT, Codecs.nodeB());

    /** One kind of message: n small elements, each a few bytes on the wire and tens of bytes in the heap. */
    record Shape(String name, IntFunction<Object> message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape("ArrayList of one-letter strings", n -> listOf(n, i -> "a")),
                new Shape("ArrayList of Integers", n -> listOf(n, i -> 1000 + i)),
                new Shape("ArrayList of records", n -> listOf(n, i -> new Point(i & 7, 1))),
                new Shape("HashMap of Integer to Integer", n -> {
                    Map<Integer, Integer> m = new HashMap<>();
                    for (int i = 0; i < n; i++) {
                        m.put(i, i);
                    }
                    return m;
                }),
                new Shape("ArrayList of empty lists", n -> listOf(n, i -> new ArrayList<>())),
                new Shape("String[] of one-letter strings", n -> {
                    String[] a = new String[n];
                    java.util.Arrays.fill(a, "b");
                    return a;
                }),
                new Shape("Object[] of long[1]", n -> {
                    Object[] a = new Object[n];
                    java.util.Arrays.setAll(a, i -> new long[] {i});
                    return a;
                }));
    }

    private static List<Object> listOf(int n, IntFunction<Object> element) {
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.apply(i));
        }
        return list;
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Control: a few thousand elements of each shape, far under the limit, decode. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void smallMessagesDecode(Shape shape) {
        byte[] bytes = lenient.encode(shape.message().apply(5_000), null);

        assertThat(receiver.decode(bytes, 0, bytes.length)).isNotNull();
    }

    /**
     * A million elements of each shape (a few megabytes on the wire, tens in the heap) are
     * refused as undecodable, naming the message's class, having allocated less than twice the
     * limit; decoding them whole allocates more than four times it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void messagesPastTheLimitAreRefusedEarly(Shape shape) {
        Object message = shape.message().apply(1_000_000);
        byte[] bytes = lenient.encode(message, null);
        long whole = allocatedDecoding(lenient, bytes);
        Codecs.decodeFailure(receiver, bytes); // warm up

        long before = allocatedByThisThread();
        Throwable thrown = Codecs.decodeFailure(receiver, bytes);
        long allocated = allocatedByThisThread() - before;
        System.out.printf("decoded size: %-32s %,9d bytes on the wire, %,11d allocated decoding it whole,"
                + " %,11d before refusal at %,d%n", shape, bytes.length, whole, allocated, LIMIT);

        assertThat(thrown).isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.className()).isEqualTo(message.getClass().getName()))
                .hasMessageContaining("bytes of heap");
        assertThat(whole).as("allocation decoding it whole").isGreaterThan(4 * LIMIT);
        assertThat(allocated).as("allocation before the refusal").isLessThan(2 * LIMIT);
    }

    private static long allocatedDecoding(MessageCodec codec, byte[] bytes) {
        long before = allocatedByThisThread();
        assertThat(codec.decode(bytes, 0, bytes.length)).isNotNull();
        return allocatedByThisThread() - before;
    }

    /** A sender with the receiver's limit refuses such a message at send, saying so. */
    @Test
    void theSenderRefusesWhatItsPeerWouldRefuse() {
        MessageCodec sender = new MessageCodec(Codecs.appTypes(), Codecs.MAX_SIZE * 16, Codecs.MAX_DEPTH, LIMIT,
                Codecs.nodeA());

        assertThatThrownBy(() -> sender.encode(listOf(1_000_000, i -> "a"), null))
                .isInstanceOfSatisfying(MessageTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(LIMIT))
                .hasMessageContaining("maximum decoded size");
    }

    /** The figure: an 8 MB list of "a", refused by a receiver with the default limit for 32 MiB messages. */
    @Test
    void eightMegabyteListOfOneLetterStringsIsRefusedByDefault() {
        MessageCodec defaults = new MessageCodec(Codecs.appTypes(), 32 << 20, Codecs.MAX_DEPTH, Codecs.nodeB());
        MessageCodec big = new MessageCodec(Codecs.appTypes(), 32 << 20, Codecs.MAX_DEPTH, 1L << 40, Codecs.nodeA());
        byte[] bytes = big.encode(listOf(4 << 20, i -> "a"), null);

        long before = allocatedByThisThread();
        Throwable thrown = Codecs.decodeFailure(defaults, bytes);
        long allocated = allocatedByThisThread() - before;
        System.out.printf("decoded size: a %,d-byte list of \"a\": refused by the default limit of %,d bytes after"
                + " allocating %,d%n", bytes.length, defaults.maxDecodedSize(), allocated);

        assertThat(defaults.maxDecodedSize()).isEqualTo(128L << 20);
        assertThat(thrown).isInstanceOf(UndecodableMessageException.class);
    }

    /** A maximum decoded size below 1 KiB is refused when the codec is made. */
    @Test
    void tinyMaxDecodedSizeIsRefused() {
        assertThatThrownBy(() -> new MessageCodec(Codecs.appTypes(), 100, 10, 1023, Codecs.nodeA()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDecodedSize");
    }
}
