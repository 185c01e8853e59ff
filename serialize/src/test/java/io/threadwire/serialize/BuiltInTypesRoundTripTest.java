package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import io.threadwire.core.NodeAddress;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type MessageTypes documents as built in travels with {@link MessageTypes#builtInOnly()}. */
class BuiltInTypesRoundTripTest {
    private final MessageCodec codec = Codecs.builtInCodec();

    static Stream<Arguments> builtInValues() {
        List<Object> nullable = new ArrayList<>(Arrays.asList("a", null, 3));
        Map<String, Integer> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        nullKey.put("b", null);
        BitSet bits = new BitSet();
        bits.set(0);
        bits.set(63);
        bits.set(64);
        bits.set(1000);
        ZoneId paris = ZoneId.of("Europe/Paris");
        return Stream.of(
                value("ASCII String", "hello"),
                value("non-ASCII String", "héllo wörld ✓ 日本 \uD83D\uDE00"),
                value("empty String", ""),
                value("Integer", Integer.MIN_VALUE),
                value("Long", Long.MAX_VALUE),
                value("Short", (short) -7),
                value("Byte", (byte) 0x7f),
                value("Character", 'é'),
                value("Boolean", Boolean.TRUE),
                value("Float", 1.5f),
                value("Double NaN", Double.NaN),
                value("Double", -0.0),
                value("byte[]", new byte[] {0, 1, -1, 127, -128}),
                value("short[]", new short[] {0, Short.MIN_VALUE, Short.MAX_VALUE}),
                value("int[]", new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}),
                value("long[]", new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}),
                value("float[]", new float[] {0f, -1.25f, Float.MAX_VALUE}),
                value("double[]", new double[] {0d, -1.25d, Double.MIN_VALUE}),
                value("char[]", new char[] {'a', 'é', '\uffff'}),
                value("boolean[]", new boolean[] {true, false, true}),
                value("empty int[]", new int[0]),
                value("String[] with null", new String[] {"a", null, "ü"}),
                value("Object[] mixed", new Object[] {"a", 1, null, List.of(2), new int[] {3}}),
                value("int[][]", new int[][] {{1, 2}, {}, null}),
                value("String[][]", new String[][] {{"a"}, {"b", "c"}}),
                value("Integer[]", new Integer[] {1, null, 3}),
                value("ArrayList with null", nullable),
                value("empty ArrayList", new ArrayList<>()),
                value("LinkedList", new LinkedList<>(List.of("x", "y", "z"))),
                value("HashMap with null key and value", nullKey),
                value("LinkedHashMap", new LinkedHashMap<>(Map.of("k", 1L))),
                value("TreeMap", new TreeMap<>(Map.of("b", 2, "a", 1, "c", 3))),
                value("HashSet", new HashSet<>(Set.of(1, 2, 3))),
                value("LinkedHashSet", new LinkedHashSet<>(List.of("z", "a"))),
                value("TreeSet", new TreeSet<>(Set.of(5, 1, 3))),
                value("ConcurrentHashMap", new ConcurrentHashMap<>(Map.of("a", List.of(1), "b", List.of()))),
                value("EnumSet", EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)),
                value("empty EnumSet", EnumSet.noneOf(TimeUnit.class)),
                value("List.of()", List.of()),
                value("List.of(1)", List.of(1)),
                value("List.of(1, 2)", List.of(1, 2)),
                value("List.of(5 elements)", List.of(1, 2, 3, 4, 5)),
                value("Set.of()", Set.of()),
                value("Set.of(1)", Set.of(1)),
                value("Set.of(1, 2)", Set.of(1, 2)),
                value("Set.of(5 elements)", Set.of("a", "b", "c", "d", "e")),
                value("Map.of()", Map.of()),
                value("Map.of(1 entry)", Map.of("a", 1)),
                value("Map.of(2 entries)", Map.of("a", 1, "b", 2)),
                value("Map.of(5 entries)", Map.of(1, "a", 2, "b", 3, "c", 4, "d", 5, "e")),
                value("Stream.toList()", Stream.of(1, 2, 3).toList()),
                value("Arrays.asList", Arrays.asList("p", null, "q")),
                value("Collections.emptyList()", Collections.emptyList()),
                value("Collections.emptySet()", Collections.emptySet()),
                value("Collections.emptyMap()", Collections.emptyMap()),
                value("Collections.singletonList", Collections.singletonList("one")),
                value("Collections.singleton", Collections.singleton(1)),
                value("Collections.singletonMap", Collections.singletonMap("k", "v")),
                value("Collections.unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of(1, 2)))),
                value("Collections.unmodifiableSet", Collections.unmodifiableSet(new LinkedHashSet<>(List.of("b", "a")))),
                value("Collections.unmodifiableMap", Collections.unmodifiableMap(new LinkedHashMap<>(Map.of("k", 1)))),
                value("Collections.unmodifiableList of a LinkedList",
                        Collections.unmodifiableList(new LinkedList<>(List.of(1, 2)))),
                value("Collections.unmodifiableSortedSet", Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(3, 1, 2)))),
                value("Collections.unmodifiableNavigableSet", Collections.unmodifiableNavigableSet(new TreeSet<>(Set.of("b", "a")))),
                value("Collections.unmodifiableSortedMap", Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(2, "b", 1, "a")))),
                value("Collections.unmodifiableNavigableMap",
                        Collections.unmodifiableNavigableMap(new TreeMap<>(Map.of("k", List.of(1))))),
                value("Optional.empty()", Optional.empty()),
                value("Optional.of", Optional.of(List.of("inside"))),
                value("UUID", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                value("BigInteger", new BigInteger("-123456789012345678901234567890")),
                value("BigDecimal", new BigDecimal("-12345678901234567890.000123")),
                value("BitSet", bits),
                value("Duration", Duration.ofSeconds(-5, 123)),
                value("Instant", Instant.parse("2024-02-29T12:34:56.789Z")),
                value("LocalDate", LocalDate.of(2024, 2, 29)),
                value("LocalTime", LocalTime.of(23, 59, 59, 999_999_999)),
                value("LocalDateTime", LocalDateTime.of(1999, 12, 31, 23, 59)),
                value("ZoneOffset", ZoneOffset.ofHoursMinutes(-9, -30)),
                value("ZoneId (region)", paris),
                value("OffsetTime", OffsetTime.of(LocalTime.NOON, ZoneOffset.UTC)),
                value("OffsetDateTime", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(5))),
                value("ZonedDateTime", ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, paris)),
                value("Year", Year.of(-44)),
                value("YearMonth", YearMonth.of(2024, 2)),
                value("MonthDay", MonthDay.of(2, 29)),
                value("Period", Period.of(1, -2, 3)),
                value("DayOfWeek", DayOfWeek.SUNDAY),
                value("Month", Month.FEBRUARY),
                value("ChronoUnit", ChronoUnit.MILLENNIA),
                value("TimeUnit", TimeUnit.NANOSECONDS),
                value("NodeAddress", new NodeAddress("10.0.0.1", 9000)));
    }

    private static Arguments value(String name, Object value) {
        return Arguments.of(named(name, value));
    }

    /** A built-in value decodes equal to the one encoded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInValues")
    void decodesEqual(Object value) {
        assertThat(Codecs.roundTrip(codec, value)).isEqualTo(value);
    }

    /**
     * A built-in value decodes to an instance of the very class encoded, except that
     * {@code Set.of} and {@code Map.of} decode to {@code Collections.unmodifiableSet} and
     * {@code unmodifiableMap} (whose tables colliding keys cannot make quadratic), and an
     * unmodifiable list of a list without random access to one of a list with it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInValues")
    void keepsItsClass(Object value) {
        Class<?> expected = value.getClass();
        if (expected.getName().startsWith("java.util.ImmutableCollections") && value instanceof Set) {
            expected = Collections.unmodifiableSet(new HashSet<>()).getClass();
        } else if (expected.getName().startsWith("java.util.ImmutableCollections") && value instanceof Map) {
            expected = Collections.unmodifiableMap(new HashMap<>()).getClass();
        } else if (expected == Collections.unmodifiableList(new LinkedList<>()).getClass()) {
            expected = Collections.unmodifiableList(new ArrayList<>()).getClass();
        }

        assertThat(Codecs.roundTrip(codec, value)).isExactlyInstanceOf(expected);
    }

    /** Set.of and Map.of decode in the order the sender's iterated them. */
    @Test
    void immutableSetsAndMapsKeepTheSendersOrder() {
        Set<String> set = Set.of("a", "b", "c", "d", "e", "f");
        Map<String, Integer> map = Map.of("a", 1, "b", 2, "c", 3, "d", 4);

        Object[] decoded = (Object[]) Codecs.roundTrip(codec, new Object[] {set, map});

        assertThat(new ArrayList<Object>((Set<?>) decoded[0])).containsExactlyElementsOf(set);
        assertThat(new ArrayList<Object>(((Map<?, ?>) decoded[1]).keySet())).containsExactlyElementsOf(map.keySet());
    }

    /** An ArrayDeque (which has no equals of its own) keeps its elements in order. */
    @Test
    void arrayDequeKeepsItsElementsInOrder() {
        ArrayDeque<Object> deque = new ArrayDeque<>(List.of("first", 2, List.of(3)));

        Object decoded = Codecs.roundTrip(codec, deque);

        assertThat(decoded).isInstanceOf(ArrayDeque.class);
        assertThat(new ArrayList<Object>((ArrayDeque<?>) decoded)).containsExactly("first", 2, List.of(3));
    }

    /** Linked maps and sets keep their iteration order, which equals does not compare. */
    @Test
    void linkedCollectionsKeepTheirOrder() {
        LinkedHashMap<String, Integer> map = new LinkedHashMap<>();
        for (String k : List.of("zeta", "alpha", "mu", "beta")) {
            map.put(k, k.length());
        }
        LinkedHashSet<String> set = new LinkedHashSet<>(map.keySet());

        Object[] decoded = (Object[]) Codecs.roundTrip(codec, new Object[] {map, set});

        assertThat(new ArrayList<Object>(((Map<?, ?>) decoded[0]).keySet())).containsExactly("zeta", "alpha", "mu", "beta");
        assertThat(new ArrayList<Object>((Set<?>) decoded[1])).containsExactly("zeta", "alpha", "mu", "beta");
    }

    /** Stream.toList() may hold null; it decodes to an equal list that still cannot be modified. */
    @Test
    @SuppressWarnings("unchecked")
    void streamToListWithNullStaysEqualAndUnmodifiable() {
        List<String> list = Stream.of("a", null, "c").toList();

        Object decoded = Codecs.roundTrip(codec, list);

        assertThat(decoded).isEqualTo(list);
        assertThatThrownBy(() -> ((List<Object>) decoded).add("d")).isInstanceOf(UnsupportedOperationException.class);
    }

    /**
     * The unmodifiable wrappers besides those of List.of, Set.of and Map.of travel too, and stay
     * unmodifiable: an unmodifiable collection (whose equals is identity) with its elements in
     * order, the sorted ones with their order.
     */
    @Test
    @SuppressWarnings("unchecked")
    void otherUnmodifiableWrappersTravelAndStayUnmodifiable() {
        Collection<String> values = Collections.unmodifiableCollection(new LinkedHashMap<>(Map.of("k", "v")).values());
        Object[] decoded = (Object[]) Codecs.roundTrip(codec, new Object[] {values,
                Collections.unmodifiableList(new LinkedList<>(List.of(1))),
                Collections.unmodifiableNavigableSet(new TreeSet<>(Set.of(2, 1))),
                Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(2, "b", 1, "a")))});

        assertThat((Collection<Object>) decoded[0]).containsExactly("v");
        assertThat(decoded[0]).isExactlyInstanceOf(values.getClass());
        assertThatThrownBy(() -> ((Collection<Object>) decoded[0]).add("w")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) decoded[1]).add(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThat((Set<Object>) decoded[2]).containsExactly(1, 2);
        assertThatThrownBy(() -> ((Set<Object>) decoded[2]).add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(((Map<Object, Object>) decoded[3]).keySet()).containsExactly(1, 2);
        assertThatThrownBy(() -> ((Map<Object, Object>) decoded[3]).put(3, "c")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** List.of, Set.of and Map.of decode to unmodifiable collections. */
    @Test
    @SuppressWarnings("unchecked")
    void immutableCollectionsStayUnmodifiable() {
        Object[] decoded = (Object[]) Codecs.roundTrip(codec,
                new Object[] {List.of(1, 2, 3), Set.of(1, 2, 3), Map.of(1, 2, 3, 4)});

        assertThatThrownBy(() -> ((List<Object>) decoded[0]).add(4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Set<Object>) decoded[1]).add(4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<Object, Object>) decoded[2]).put(5, 6))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
