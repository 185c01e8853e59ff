package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.threadwire.core.NodeAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hash-based sets and maps decode in O(n log n) whatever the hash codes of their keys. The work
 * is counted in {@code equals} calls, which is what colliding keys multiply: a peer that sends
 * keys with one hash code is refused before they are inserted, and keys whose distinct hash
 * codes share their low bits (which cluster in an open-addressing table such as
 * {@code Set.of}'s) cost no comparisons at all.
 */
class HashFloodTest {
    /** The most keys of one collection that may share a hash code (MessageTypes documents it). */
    private static final int LIMIT = 64;

    /** Every instance has the same hash code; counts the calls to equals. */
    record Colliding(int id) {
        static final AtomicLong EQUALS = new AtomicLong();

        @Override
        public int hashCode() {
            return 42;
        }

        @Override
        public boolean equals(Object o) {
            EQUALS.incrementAndGet();
            return o instanceof Colliding c && c.id == id;
        }
    }

    /**
     * Distinct hash codes whose low 16 bits are all zero: one slot of any open-addressing table
     * of up to 65,536 slots, whatever its salt. Counts the calls to equals.
     */
    record Clustered(int id) {
        static final AtomicLong EQUALS = new AtomicLong();

        @Override
        public int hashCode() {
            return id << 16;
        }

        @Override
        public boolean equals(Object o) {
            EQUALS.incrementAndGet();
            return o instanceof Clustered c && c.id == id;
        }
    }

    /** The hash-based built-in kinds, as a peer writes them: each key (and an Integer value for maps) a whole value. */
    enum Kind {
        HASH_SET(Wire.HASH_SET, false, false),
        LINKED_HASH_SET(Wire.LINKED_HASH_SET, false, false),
        HASH_MAP(Wire.HASH_MAP, true, false),
        LINKED_HASH_MAP(Wire.LINKED_HASH_MAP, true, false),
        CONCURRENT_HASH_MAP(Wire.CONCURRENT_HASH_MAP, true, false),
        SET_OF(Wire.SET_N, false, true),
        MAP_OF(Wire.MAP_N, true, true);

        final int classId;
        final boolean map;
        final boolean immutable; // Set.of and Map.of write a bare count; the others Kryo's count + 1

        Kind(int classId, boolean map, boolean immutable) {
            this.classId = classId;
            this.map = map;
            this.immutable = immutable;
        }

        byte[] bytes(List<byte[]> keys) {
            return Wire.bytes(out -> {
                Wire.classId(out, classId);
                int count = immutable ? keys.size() : keys.size() + 1;
                if (map || immutable) {
                    out.writeVarInt(count, true);
                } else {
                    out.writeVarIntFlag(false, count, true); // elements of any class, each with its class
                }
                for (int i = 0; i < keys.size(); i++) {
                    out.writeBytes(keys.get(i));
                    if (map) {
                        Wire.integer(out, i);
                    }
                }
            });
        }
    }

    private final MessageCodec codec = Codecs.codec(MessageTypes.builder()
            .register(Colliding.class).register(Clustered.class).build());

    @BeforeEach
    void resetCounters() {
        Colliding.EQUALS.set(0);
        Clustered.EQUALS.set(0);
    }

    private List<byte[]> keys(int n, IntFunction<Object> key) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(codec.encode(key.apply(i), null));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object decoded) {
        return (Map<Object, Object>) decoded;
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> asSet(Object decoded) {
        return (Set<Object>) decoded;
    }

    private static int size(Object decoded) {
        return decoded instanceof Map<?, ?> m ? m.size() : ((Set<?>) decoded).size();
    }

    /** Control: a collection as the peer writes it here decodes to what the sender had. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void handMadeCollectionDecodes(Kind kind) {
        byte[] bytes = kind.bytes(keys(3, Colliding::new));

        Object decoded = codec.decode(bytes, 0, bytes.length);

        if (kind.map) {
            assertThat(asMap(decoded)).containsExactlyInAnyOrderEntriesOf(
                    Map.of(new Colliding(0), 0, new Colliding(1), 1, new Colliding(2), 2));
        } else {
            assertThat(asSet(decoded)).containsExactlyInAnyOrder(new Colliding(0), new Colliding(1), new Colliding(2));
        }
    }

    /** Keys up to the limit may share one hash code: the collection decodes whole. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void keysUpToTheLimitMayShareAHashCode(Kind kind) {
        byte[] bytes = kind.bytes(keys(LIMIT, Colliding::new));

        assertThat(size(codec.decode(bytes, 0, bytes.length))).isEqualTo(LIMIT);
    }

    /**
     * A thousand keys with one hash code are refused, naming their class and the hash code,
     * after fewer equals calls than there are keys (inserting them would take half a million).
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void keysSharingOneHashCodeAreRefused(Kind kind) {
        int n = 1000;
        byte[] bytes = kind.bytes(keys(n, Colliding::new));

        Throwable thrown = Codecs.decodeFailure(codec, bytes);

        assertThat(thrown).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(Colliding.class.getName())
                .hasMessageContaining("hash code");
        assertThat(Colliding.EQUALS.get()).as("equals calls").isLessThan(n);
    }

    /**
     * Two thousand keys with distinct hash codes that share their low 16 bits decode whole,
     * with fewer equals calls than keys (an open-addressing table of 4,096 slots would compare
     * each key with every one before it: two million calls).
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void distinctHashCodesThatClusterCostNoComparisons(Kind kind) {
        int n = 2048;
        byte[] bytes = kind.bytes(keys(n, Clustered::new));

        Object decoded = codec.decode(bytes, 0, bytes.length);

        assertThat(size(decoded)).isEqualTo(n);
        assertThat(Clustered.EQUALS.get()).as("equals calls").isLessThan(n);
    }

    /** A sender's set with more keys of one hash code than a receiver accepts fails at encode, saying why. */
    @Test
    void theSenderRefusesASetItsPeerWouldRefuse() {
        Set<Colliding> set = new HashSet<>();
        for (int i = 0; i <= LIMIT; i++) {
            set.add(new Colliding(i));
        }

        assertThatThrownBy(() -> codec.encode(set, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Colliding.class.getName())
                .hasMessageContaining("hash code");
    }

    /** Each hash-based kind round-trips from the sender's own collection, keeping iteration order where it has one. */
    @Test
    void hashBasedCollectionsRoundTrip() {
        Map<Clustered, Integer> linked = new LinkedHashMap<>();
        Set<Clustered> linkedSet = new LinkedHashSet<>();
        Map<Clustered, Integer> concurrent = new ConcurrentHashMap<>();
        for (int i = 300; i > 0; i--) {
            linked.put(new Clustered(i), i);
            linkedSet.add(new Clustered(i));
            concurrent.put(new Clustered(i), i);
        }

        assertThat(asMap(Codecs.roundTrip(codec, linked))).containsExactlyEntriesOf(linked);
        assertThat(asSet(Codecs.roundTrip(codec, linkedSet))).containsExactlyElementsOf(linkedSet);
        assertThat(Codecs.roundTrip(codec, concurrent)).isEqualTo(concurrent).isInstanceOf(ConcurrentHashMap.class);
        assertThat(Codecs.roundTrip(codec, Set.copyOf(linkedSet))).isEqualTo(linkedSet);
        assertThat(Codecs.roundTrip(codec, Map.copyOf(linked))).isEqualTo(linked);
    }

    /**
     * Figure: a HashSet of 16,384 built-in NodeAddress values whose host names share one hash
     * code, the message a hostile peer would send; prints how long the receiver takes with it.
     */
    @Test
    void nodeAddressFloodFigure() {
        int n = 1 << 14;
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(codec.encode(new NodeAddress(collidingHost(i, 14), 9000), null));
        }
        byte[] bytes = Kind.HASH_SET.bytes(keys);
        byte[] warmUp = Kind.HASH_SET.bytes(keys.subList(0, 2 * LIMIT));
        catchThrowable(() -> codec.decode(warmUp, 0, warmUp.length));

        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> codec.decode(bytes, 0, bytes.length));
        long nanos = System.nanoTime() - start;
        System.out.printf("hash flood: HashSet of %,d NodeAddress with one hash code (%,d KB): %s in %.1f ms%n",
                n, bytes.length >> 10, thrown == null ? "decoded" : "refused", nanos / 1e6);

        assertThat(thrown).isInstanceOf(MalformedMessageException.class).hasMessageContaining("hash code");
    }

    /** The i-th of 2^blocks host names of "Aa"/"BB" blocks, which all have the same String hash code. */
    static String collidingHost(int i, int blocks) {
        StringBuilder host = new StringBuilder();
        for (int b = 0; b < blocks; b++) {
            host.append((i >> b & 1) == 0 ? "Aa" : "BB");
        }
        return host.toString();
    }
}
