package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import java.math.BigDecimal;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kryo's tree and array serializers (same bytes) with one change: the length read from the
 * input is checked against the bytes left ({@link BoundedInput#checkCount}, or
 * {@link BoundedInput#checkElements} where an element may take no bytes) and charged its
 * {@link Footprint} before anything is allocated for it. (Primitive arrays other than
 * {@code boolean[]} need nothing here: {@link BoundedInput} checks the reads they make.)
 */
final class BoundedSerializers {
    private BoundedSerializers() {
    }

    /** Peeks at the varint "length + 1" an array serializer is about to read, checks it and charges the array. */
    private static void checkArrayLength(Input in, int bytesEach) {
        int start = in.position();
        int lengthPlusOne = in.readVarInt(true);
        in.setPosition(start);
        if (lengthPlusOne != 0) {
            BoundedInput.checkCount(in, lengthPlusOne - 1L, 1);
            BoundedInput.charge(in, Footprint.array(lengthPlusOne - 1L, bytesEach));
        }
    }

    /**
     * {@code TreeSet}: Kryo's serializer (it keeps the comparator), with the element count checked,
     * and its elements added as {@link GuardedKryo#sortable} keys.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class BoundedTreeSetSerializer extends DefaultSerializers.TreeSetSerializer implements ChargesItself {
        /** What Kryo adds the elements to while it reads them: each goes into the set as a sortable key. */
        private static final class SortedIntake extends TreeSet<Object> {
            final TreeSet<Object> set;
            final GuardedKryo kryo;

            SortedIntake(TreeSet<Object> set, GuardedKryo kryo) {
                this.set = set;
                this.kryo = kryo;
            }

            @Override
            public boolean add(Object element) {
                return set.add(kryo.sortable(element));
            }
        }

        @Override
        protected TreeSet create(Kryo kryo, Input input, Class<? extends TreeSet> type, int size) {
            BoundedInput.checkCollection(input, type, size);
            return new SortedIntake(super.create(kryo, input, type, size), (GuardedKryo) kryo);
        }

        @Override
        public TreeSet read(Kryo kryo, Input input, Class<? extends TreeSet> type) {
            TreeSet read = super.read(kryo, input, type);
            return read instanceof SortedIntake intake ? intake.set : read;
        }
    }

    /**
     * {@code TreeMap}: Kryo's serializer (it keeps the comparator), with the entry count checked,
     * and its keys put as {@link GuardedKryo#sortable} keys (its values stay as decoded).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class BoundedTreeMapSerializer extends DefaultSerializers.TreeMapSerializer implements ChargesItself {
        /** What Kryo puts the entries in while it reads them: each key goes into the map as a sortable key. */
        private static final class SortedIntake extends TreeMap<Object, Object> {
            final TreeMap<Object, Object> map;
            final GuardedKryo kryo;

            SortedIntake(TreeMap<Object, Object> map, GuardedKryo kryo) {
                this.map = map;
                this.kryo = kryo;
            }

            @Override
            public Object put(Object key, Object value) {
                return map.put(kryo.sortable(key), value);
            }
        }

        @Override
        protected TreeMap create(Kryo kryo, Input input, Class<? extends TreeMap> type, int size) {
            BoundedInput.checkCollection(input, type, size);
            return new SortedIntake(super.create(kryo, input, type, size), (GuardedKryo) kryo);
        }

        @Override
        public TreeMap read(Kryo kryo, Input input, Class<? extends TreeMap> type) {
            TreeMap read = super.read(kryo, input, type);
            return read instanceof SortedIntake intake ? intake.map : read;
        }
    }

    /**
     * {@code BigDecimal}: Kryo's serializer, for unscaled values of at most
     * {@link #MAX_BIG_DECIMAL_BYTES}. Comparing two BigDecimals of different scales computes their
     * precision, a power of ten as long as the value, whose cost grows faster than its length: a
     * {@code TreeSet} holding one value of 8 MiB took 7.5 s to decode. Bounded, a value costs what
     * any element of its length costs. The sender refuses a bigger one.
     */
    static final class BoundedBigDecimalSerializer extends DefaultSerializers.BigDecimalSerializer {
        /** About 9,860 decimal digits. */
        static final int MAX_BIG_DECIMAL_BYTES = 4096;

        @Override
        public void write(Kryo kryo, Output output, BigDecimal value) {
            if (value != null && value.unscaledValue().bitLength() / 8 + 1 > MAX_BIG_DECIMAL_BYTES) {
                throw new IllegalArgumentException("a BigDecimal of " + value.precision() + " digits cannot travel between"
                        + " nodes: at most " + MAX_BIG_DECIMAL_BYTES + " bytes (about 9,860 digits); send its text instead");
            }
            super.write(kryo, output, value);
        }

        @Override
        public BigDecimal read(Kryo kryo, Input input, Class<? extends BigDecimal> type) {
            int start = input.position();
            int length = input.readVarInt(true); // 0: null; else the unscaled value's bytes (+1 in some versions)
            input.setPosition(start);
            if (length - 1 > MAX_BIG_DECIMAL_BYTES) { // no correct peer sends this: its sender refuses
                throw new KryoException("a BigDecimal of " + length + " bytes; at most " + MAX_BIG_DECIMAL_BYTES + " travel");
            }
            return super.read(kryo, input, type);
        }
    }

    static final class BoundedObjectArraySerializer extends DefaultArraySerializers.ObjectArraySerializer {
        BoundedObjectArraySerializer(Kryo kryo, Class<?> type) {
            super(kryo, type);
        }

        @Override
        public Object[] read(Kryo kryo, Input input, @SuppressWarnings("rawtypes") Class type) {
            checkArrayLength(input, 4);
            return super.read(kryo, input, type);
        }
    }

    /** {@code String[]}: its strings are charged as {@link BoundedInput} reads them. */
    static final class BoundedStringArraySerializer extends DefaultArraySerializers.StringArraySerializer {
        @Override
        public String[] read(Kryo kryo, Input input, @SuppressWarnings("rawtypes") Class type) {
            checkArrayLength(input, 4);
            return super.read(kryo, input, type);
        }
    }

    static final class BoundedBooleanArraySerializer extends DefaultArraySerializers.BooleanArraySerializer {
        @Override
        public boolean[] read(Kryo kryo, Input input, @SuppressWarnings("rawtypes") Class type) {
            checkArrayLength(input, 1);
            return super.read(kryo, input, type);
        }
    }
}
