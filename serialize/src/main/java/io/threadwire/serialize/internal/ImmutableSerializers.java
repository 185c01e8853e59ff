package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The unmodifiable collections of the JDK ({@code List.of}, {@code Set.of}, {@code Map.of},
 * {@code Arrays.asList}, {@code Collections.unmodifiable...}), written as a count and their
 * elements, each with its class (the sorted wrappers as the tree of their elements would be).
 *
 * <p>Sets and maps are rebuilt as {@code Collections.unmodifiableSet(LinkedHashSet)} and
 * {@code Collections.unmodifiableMap(LinkedHashMap)}, in the order they were written, never
 * with {@code Set.of} or {@code Map.copyOf}: those probe an open-addressing table linearly, so
 * keys whose distinct hash codes agree in their low bits (multiples of 65,536, say) pile up in
 * one run and cost a comparison with every key before them, whatever the salt. A linked hash
 * table orders colliding keys by hash code instead, and {@link HashCodeSpread} bounds the keys
 * that share one.
 */
final class ImmutableSerializers {
    private ImmutableSerializers() {
    }

    /** Writes any collection as a count and its elements; the subclasses rebuild one kind. */
    private abstract static class ElementsSerializer<T extends Collection<?>> extends Serializer<T> implements ChargesItself {
        ElementsSerializer() {
            setImmutable(true);
        }

        Object[] readElements(Kryo kryo, Input input, Class<?> type) {
            int size = input.readVarInt(true);
            BoundedInput.checkCount(input, size, 1);
            BoundedInput.charge(input, Footprint.collection(type, size));
            Object[] elements = new Object[size];
            for (int i = 0; i < size; i++) {
                elements[i] = kryo.readClassAndObject(input);
            }
            return elements;
        }

        @Override
        public void write(Kryo kryo, Output output, T elements) {
            if (elements instanceof Set<?>) {
                HashCodeSpread.check(elements);
            }
            output.writeVarInt(elements.size(), true);
            for (Object e : elements) {
                kryo.writeClassAndObject(output, e);
            }
        }
    }

    /** {@code List.of(...)}, {@code Stream.toList()}: an unmodifiable list. */
    static final class UnmodifiableListSerializer extends ElementsSerializer<List<?>> {
        @Override
        public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
            Object[] elements = readElements(kryo, input, type);
            for (Object e : elements) {
                if (e == null) { // Stream.toList() admits nulls, List.of does not
                    return Collections.unmodifiableList(Arrays.asList(elements));
                }
            }
            return List.of(elements);
        }
    }

    /**
     * {@code Collections.unmodifiableList}: rebuilt around a random-access list, whatever list
     * the sender's wrapped (so one of a {@code LinkedList} arrives as an equal list of another class).
     */
    static final class UnmodifiableWrapperListSerializer extends ElementsSerializer<List<?>> {
        @Override
        public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
            return Collections.unmodifiableList(Arrays.asList(readElements(kryo, input, type)));
        }
    }

    /** {@code Collections.unmodifiableCollection}: the elements in their order, unmodifiable. */
    static final class UnmodifiableCollectionSerializer extends ElementsSerializer<Collection<?>> {
        @Override
        public Collection<?> read(Kryo kryo, Input input, Class<? extends Collection<?>> type) {
            return Collections.unmodifiableCollection(Arrays.asList(readElements(kryo, input, type)));
        }
    }

    /**
     * {@code Collections.unmodifiableSortedSet} and {@code unmodifiableNavigableSet}: written as a
     * {@code TreeSet} of the same elements and comparator would be, and rebuilt as the same
     * wrapper around one.
     */
    static final class UnmodifiableSortedSetSerializer extends Serializer<SortedSet<Object>> implements ChargesItself {
        private final BoundedSerializers.BoundedTreeSetSerializer tree = new BoundedSerializers.BoundedTreeSetSerializer();
        private final boolean navigable;

        UnmodifiableSortedSetSerializer(boolean navigable) {
            this.navigable = navigable;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, SortedSet<Object> set) {
            tree.write(kryo, output, new TreeSet<>(set));
        }

        @Override
        @SuppressWarnings("unchecked")
        public SortedSet<Object> read(Kryo kryo, Input input, Class<? extends SortedSet<Object>> type) {
            TreeSet<Object> set = tree.read(kryo, input, TreeSet.class);
            return navigable ? Collections.unmodifiableNavigableSet(set) : Collections.unmodifiableSortedSet(set);
        }
    }

    /**
     * {@code Collections.unmodifiableSortedMap} and {@code unmodifiableNavigableMap}: written as a
     * {@code TreeMap} of the same entries and comparator would be, and rebuilt as the same
     * wrapper around one.
     */
    static final class UnmodifiableSortedMapSerializer extends Serializer<SortedMap<Object, Object>> implements ChargesItself {
        private final BoundedSerializers.BoundedTreeMapSerializer tree = new BoundedSerializers.BoundedTreeMapSerializer();
        private final boolean navigable;

        UnmodifiableSortedMapSerializer(boolean navigable) {
            this.navigable = navigable;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, SortedMap<Object, Object> map) {
            tree.write(kryo, output, new TreeMap<>(map));
        }

        @Override
        @SuppressWarnings("unchecked")
        public SortedMap<Object, Object> read(Kryo kryo, Input input, Class<? extends SortedMap<Object, Object>> type) {
            TreeMap<Object, Object> map = tree.read(kryo, input, TreeMap.class);
            return navigable ? Collections.unmodifiableNavigableMap(map) : Collections.unmodifiableSortedMap(map);
        }
    }

    /** {@code Arrays.asList(...)}: a fixed-size list. */
    static final class ArraysAsListSerializer extends ElementsSerializer<List<?>> {
        @Override
        public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
            return Arrays.asList(readElements(kryo, input, type));
        }
    }

    /** {@code Set.of(...)}, {@code Collections.unmodifiableSet}: an unmodifiable set, in the order written. */
    static final class UnmodifiableSetSerializer extends ElementsSerializer<Set<?>> {
        @Override
        public Set<?> read(Kryo kryo, Input input, Class<? extends Set<?>> type) {
            Object[] elements = readElements(kryo, input, type);
            HashCodeSpread.check(elements, elements.length, type);
            return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(elements)));
        }
    }

    /** {@code Map.of(...)}, {@code Collections.unmodifiableMap}: an unmodifiable map, in the order written. */
    static final class UnmodifiableMapSerializer extends Serializer<Map<?, ?>> implements ChargesItself {
        UnmodifiableMapSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Map<?, ?> map) {
            HashCodeSpread.check(map);
            output.writeVarInt(map.size(), true);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                kryo.writeClassAndObject(output, e.getKey());
                kryo.writeClassAndObject(output, e.getValue());
            }
        }

        @Override
        public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
            int size = input.readVarInt(true);
            BoundedInput.checkCount(input, size, 2);
            BoundedInput.charge(input, Footprint.collection(type, size));
            Object[] keys = new Object[size];
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                keys[i] = kryo.readClassAndObject(input);
                values.add(kryo.readClassAndObject(input));
            }
            HashCodeSpread.check(keys, size, type);
            Map<Object, Object> map = new LinkedHashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
            for (int i = 0; i < size; i++) {
                map.put(keys[i], values.get(i));
            }
            return Collections.unmodifiableMap(map);
        }
    }
}
