package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.serialize.HandleResolver;
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

/**
 * The classes every node admits, each with a fixed registration id. The ids are part of the
 * wire protocol: append new types at the end, never renumber. (Kryo itself fixes ids 0 to 8:
 * the primitives, their boxes, and {@code String}.)
 */
public final class BuiltInTypes {
    /** Application classes registered with an explicit id use ids from here up. */
    public static final int FIRST_APPLICATION_ID = 1_000;

    private record Type(int id, Class<?> type, Serializer<?> serializer) {
    }

    private BuiltInTypes() {
    }

    /** Whether {@code type} is one of the built-in types (so arrays of it are admitted too). */
    public static boolean contains(Class<?> type) {
        return type.isPrimitive() || NAMES.contains(type.getName()) || BOXES.contains(type.getName());
    }

    /** Whether {@code className} names a built-in type; decided on the name alone, loading nothing. */
    public static boolean containsName(String className) {
        return NAMES.contains(className) || BOXES.contains(className);
    }

    private static final Set<String> BOXES = Set.of("java.lang.String", "java.lang.Integer", "java.lang.Long",
            "java.lang.Short", "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Float",
            "java.lang.Double");

    private static final Set<String> NAMES;

    static {
        Set<String> names = new HashSet<>();
        for (Type t : types(null)) {
            names.add(t.type.getName());
        }
        NAMES = Set.copyOf(names);
    }

    /** Registers every built-in type with {@code kryo}; handles are written through {@code resolver}. */
    static void registerAll(Kryo kryo, HandleResolver resolver) {
        for (Type t : types(resolver)) {
            if (t.serializer == null) {
                kryo.register(t.type, t.id);
            } else {
                kryo.register(t.type, t.serializer, t.id);
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Serializer<?> charged(Serializer serializer) {
        return new ChargedSerializer<>(serializer);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Type> types(HandleResolver resolver) {
        List<Type> t = new ArrayList<>();
        // arrays
        t.add(new Type(10, byte[].class, new DefaultArraySerializers.ByteArraySerializer()));
        t.add(new Type(11, short[].class, new DefaultArraySerializers.ShortArraySerializer()));
        t.add(new Type(12, int[].class, new DefaultArraySerializers.IntArraySerializer()));
        t.add(new Type(13, long[].class, new DefaultArraySerializers.LongArraySerializer()));
        t.add(new Type(14, float[].class, new DefaultArraySerializers.FloatArraySerializer()));
        t.add(new Type(15, double[].class, new DefaultArraySerializers.DoubleArraySerializer()));
        t.add(new Type(16, char[].class, new DefaultArraySerializers.CharArraySerializer()));
        t.add(new Type(17, boolean[].class, new BoundedSerializers.BoundedBooleanArraySerializer()));
        t.add(new Type(18, String[].class, new BoundedSerializers.BoundedStringArraySerializer()));
        t.add(new Type(19, Object[].class, null)); // GuardedKryo gives object arrays the bounded serializer
        // collections and maps
        t.add(new Type(20, ArrayList.class, new BoundedCollectionSerializer()));
        t.add(new Type(21, LinkedList.class, new BoundedCollectionSerializer()));
        t.add(new Type(22, HashMap.class, new BoundedMapSerializer()));
        t.add(new Type(23, LinkedHashMap.class, new BoundedMapSerializer()));
        t.add(new Type(24, TreeMap.class, new BoundedSerializers.BoundedTreeMapSerializer()));
        t.add(new Type(25, HashSet.class, new BoundedCollectionSerializer()));
        t.add(new Type(26, LinkedHashSet.class, new BoundedCollectionSerializer()));
        t.add(new Type(27, TreeSet.class, new BoundedSerializers.BoundedTreeSetSerializer()));
        t.add(new Type(28, ArrayDeque.class, new BoundedCollectionSerializer()));
        t.add(new Type(29, ConcurrentHashMap.class, new BoundedMapSerializer()));
        t.add(new Type(30, EnumSet.class, charged(new DefaultSerializers.EnumSetSerializer())));
        t.add(new Type(31, Collections.emptyList().getClass(), charged(new DefaultSerializers.CollectionsEmptyListSerializer())));
        t.add(new Type(32, Collections.emptySet().getClass(), charged(new DefaultSerializers.CollectionsEmptySetSerializer())));
        t.add(new Type(33, Collections.emptyMap().getClass(), charged(new DefaultSerializers.CollectionsEmptyMapSerializer())));
        t.add(new Type(34, Collections.singletonList(0).getClass(),
                charged(new DefaultSerializers.CollectionsSingletonListSerializer())));
        t.add(new Type(35, Collections.singleton(0).getClass(),
                charged(new DefaultSerializers.CollectionsSingletonSetSerializer())));
        t.add(new Type(36, Collections.singletonMap(0, 0).getClass(),
                charged(new DefaultSerializers.CollectionsSingletonMapSerializer())));
        t.add(new Type(37, Arrays.asList(0).getClass(), new ImmutableSerializers.ArraysAsListSerializer()));
        t.add(new Type(38, List.of(0).getClass(), new ImmutableSerializers.UnmodifiableListSerializer()));
        t.add(new Type(39, List.of(0, 1, 2).getClass(), new ImmutableSerializers.UnmodifiableListSerializer()));
        t.add(new Type(40, Set.of(0).getClass(), new ImmutableSerializers.UnmodifiableSetSerializer()));
        t.add(new Type(41, Set.of(0, 1, 2).getClass(), new ImmutableSerializers.UnmodifiableSetSerializer()));
        t.add(new Type(42, Map.of(0, 0).getClass(), new ImmutableSerializers.UnmodifiableMapSerializer()));
        t.add(new Type(43, Map.of(0, 0, 1, 1).getClass(), new ImmutableSerializers.UnmodifiableMapSerializer()));
        t.add(new Type(44, Optional.class, null));
        // what Set.of and Map.of decode to (see ImmutableSerializers), and List.of with nulls
        t.add(new Type(45, Collections.unmodifiableList(new ArrayList<>()).getClass(),
                new ImmutableSerializers.UnmodifiableWrapperListSerializer()));
        t.add(new Type(46, Collections.unmodifiableSet(new HashSet<>()).getClass(),
                new ImmutableSerializers.UnmodifiableSetSerializer()));
        t.add(new Type(47, Collections.unmodifiableMap(new HashMap<>()).getClass(),
                new ImmutableSerializers.UnmodifiableMapSerializer()));
        // values
        t.add(new Type(50, UUID.class, new DefaultSerializers.UUIDSerializer()));
        t.add(new Type(51, BigInteger.class, new DefaultSerializers.BigIntegerSerializer()));
        t.add(new Type(52, BigDecimal.class, new BoundedSerializers.BoundedBigDecimalSerializer()));
        t.add(new Type(53, BitSet.class, new DefaultSerializers.BitSetSerializer()));
        // java.time
        t.add(new Type(60, Duration.class, null));
        t.add(new Type(61, Instant.class, null));
        t.add(new Type(62, LocalDate.class, null));
        t.add(new Type(63, LocalTime.class, null));
        t.add(new Type(64, LocalDateTime.class, null));
        t.add(new Type(65, ZoneOffset.class, null));
        t.add(new Type(66, ZoneId.of("Europe/Paris").getClass(), null)); // ZoneRegion
        t.add(new Type(67, OffsetTime.class, null));
        t.add(new Type(68, OffsetDateTime.class, null));
        t.add(new Type(69, ZonedDateTime.class, null));
        t.add(new Type(70, Year.class, null));
        t.add(new Type(71, YearMonth.class, null));
        t.add(new Type(72, MonthDay.class, null));
        t.add(new Type(73, Period.class, null));
        // JDK enums
        t.add(new Type(80, DayOfWeek.class, null));
        t.add(new Type(81, Month.class, null));
        t.add(new Type(82, ChronoUnit.class, null));
        t.add(new Type(83, TimeUnit.class, null));
        // threadwire
        t.add(new Type(90, LocalThread.class, resolver == null ? null : new HandleSerializers.ByIdSerializer(resolver)));
        t.add(new Type(91, RemoteThread.ById.class, resolver == null ? null : new HandleSerializers.ByIdSerializer(resolver)));
        t.add(new Type(92, RemoteThread.Named.class, new HandleSerializers.NamedSerializer()));
        t.add(new Type(93, Synchronous.class, null));
        t.add(new Type(94, NodeAddress.class, null));
        t.add(new Type(95, ThreadRef[].class, null)); // an array of handles (one of LocalThread or RemoteThread could not hold them)
        // the other unmodifiable wrappers
        t.add(new Type(100, Collections.unmodifiableList(new LinkedList<>()).getClass(),
                new ImmutableSerializers.UnmodifiableWrapperListSerializer()));
        t.add(new Type(101, Collections.unmodifiableCollection(new ArrayList<>()).getClass(),
                new ImmutableSerializers.UnmodifiableCollectionSerializer()));
        t.add(new Type(102, Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
                new ImmutableSerializers.UnmodifiableSortedSetSerializer(false)));
        t.add(new Type(103, Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass(),
                new ImmutableSerializers.UnmodifiableSortedSetSerializer(true)));
        t.add(new Type(104, Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
                new ImmutableSerializers.UnmodifiableSortedMapSerializer(false)));
        t.add(new Type(105, Collections.unmodifiableNavigableMap(new TreeMap<>()).getClass(),
                new ImmutableSerializers.UnmodifiableSortedMapSerializer(true)));
        return t;
    }
}
