package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kryo's collection, map and array serializers with one change: the element count read from
 * the input is checked against the bytes left ({@link BoundedInput#checkCount}, or
 * {@link BoundedInput#checkElements} where an element may take no bytes) before anything is
 * allocated for it. Kryo's own versions size their allocation by the count alone,
 * so an 8-byte message could ask for gigabytes.
 */
final class BoundedSerializers {
    private BoundedSerializers() {
    }

    /** Peeks at the varint "length + 1" an array serializer is about to read, and checks it. */
    private static void checkArrayLength(Input in) {
        int start = in.position();
        int lengthPlusOne = in.readVarInt(true);
        in.setPosition(start);
        if (lengthPlusOne != 0) {
            BoundedInput.checkCount(in, lengthPlusOne - 1L, 1);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class BoundedCollectionSerializer<T extends Collection> extends CollectionSerializer<T> {
        @Override
        protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
            BoundedInput.checkElements(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class BoundedMapSerializer<T extends Map> extends MapSerializer<T> {
        @Override
        protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
            BoundedInput.checkElements(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    /** {@code TreeSet}: Kryo's serializer (it keeps the comparator), with the element count checked. */
    static final class BoundedTreeSetSerializer extends DefaultSerializers.TreeSetSerializer {
        @Override
        @SuppressWarnings("rawtypes")
        protected java.util.TreeSet create(Kryo kryo, Input input, Class<? extends java.util.TreeSet> type, int size) {
            BoundedInput.checkElements(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    /** {@code TreeMap}: Kryo's serializer (it keeps the comparator), with the entry count checked. */
    static final class BoundedTreeMapSerializer extends DefaultSerializers.TreeMapSerializer {
        @Override
        @SuppressWarnings("rawtypes")
        protected java.util.TreeMap create(Kryo kryo, Input input, Class<? extends java.util.TreeMap> type, int size) {
            BoundedInput.checkElements(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    static final class BoundedObjectArraySerializer extends DefaultArraySerializers.ObjectArraySerializer {
        BoundedObjectArraySerializer(Kryo kryo, Class<?> type) {
            super(kryo, type);
        }

        @Override
        public Object[] read(Kryo kryo, Input input, @SuppressWarnings("rawtypes") Class type) {
            checkArrayLength(input);
            return super.read(kryo, input, type);
        }
    }

    static final class BoundedStringArraySerializer extends DefaultArraySerializers.StringArraySerializer {
        @Override
        public String[] read(Kryo kryo, Input input, @SuppressWarnings("rawtypes") Class type) {
            checkArrayLength(input);
            return super.read(kryo, input, type);
        }
    }

    static final class BoundedBooleanArraySerializer extends DefaultArraySerializers.BooleanArraySerializer {
        @Override
        public boolean[] read(Kryo kryo, Input input, @SuppressWarnings("rawtypes") Class type) {
            checkArrayLength(input);
            return super.read(kryo, input, type);
        }
    }

    /** Writes any collection as a count and its elements; the subclasses rebuild one kind. */
    private abstract static class ElementsSerializer<T> extends Serializer<T> {
        ElementsSerializer() {
            setImmutable(true);
        }

        Object[] readElements(Kryo kryo, Input input) {
            int size = input.readVarInt(true);
            BoundedInput.checkCount(input, size, 1);
            Object[] elements = new Object[size];
            for (int i = 0; i < size; i++) {
                elements[i] = kryo.readClassAndObject(input);
            }
            return elements;
        }

        void writeElements(Kryo kryo, Output output, Collection<?> elements) {
            output.writeVarInt(elements.size(), true);
            for (Object e : elements) {
                kryo.writeClassAndObject(output, e);
            }
        }
    }

    /** {@code List.of(...)}, {@code Stream.toList()}: an unmodifiable list. */
    static final class UnmodifiableListSerializer extends ElementsSerializer<List<?>> {
        @Override
        public void write(Kryo kryo, Output output, List<?> list) {
            writeElements(kryo, output, list);
        }

        @Override
        public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
            Object[] elements = readElements(kryo, input);
            for (Object e : elements) {
                if (e == null) { // Stream.toList() admits nulls, List.of does not
                    return Collections.unmodifiableList(Arrays.asList(elements));
                }
            }
            return List.of(elements);
        }
    }

    /** {@code Set.of(...)}: an unmodifiable set. */
    static final class UnmodifiableSetSerializer extends ElementsSerializer<Set<?>> {
        @Override
        public void write(Kryo kryo, Output output, Set<?> set) {
            writeElements(kryo, output, set);
        }

        @Override
        public Set<?> read(Kryo kryo, Input input, Class<? extends Set<?>> type) {
            return Set.of(readElements(kryo, input));
        }
    }

    /** {@code Arrays.asList(...)}: a fixed-size list. */
    static final class ArraysAsListSerializer extends ElementsSerializer<List<?>> {
        @Override
        public void write(Kryo kryo, Output output, List<?> list) {
            writeElements(kryo, output, list);
        }

        @Override
        public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
            return Arrays.asList(readElements(kryo, input));
        }
    }

    /** {@code Map.of(...)}: an unmodifiable map. */
    static final class UnmodifiableMapSerializer extends Serializer<Map<?, ?>> {
        UnmodifiableMapSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Map<?, ?> map) {
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
            Map<Object, Object> entries = new HashMap<>();
            for (int i = 0; i < size; i++) {
                entries.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            return Map.copyOf(entries);
        }
    }

}
