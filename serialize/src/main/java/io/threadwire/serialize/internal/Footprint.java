package io.threadwire.serialize.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * An estimate of the heap a decoded object takes, for a 64-bit JVM with compressed references:
 * what a message is charged as it is decoded (and, for a large message, as it is encoded, so
 * that the sender refuses what the receiver would). It counts each object once, without what
 * it refers to: a collection's own array or nodes but not its elements, a string's characters.
 *
 * <p>The figures are deliberately round; what matters is that they grow with what a peer can
 * make a node allocate. Every estimate here is at most {@link #MAX_PER_WIRE_BYTE} times the
 * bytes the object takes on the wire, except for elements that take no bytes at all, which the
 * element budget of {@link BoundedInput} bounds.
 */
public final class Footprint {
    /** A bound on estimate per byte of message: a small Integer in a HashSet (one byte) is charged 64. */
    public static final int MAX_PER_WIRE_BYTE = 128;

    private static final int HEADER = 16;
    private static final int REFERENCE = 4;
    private static final int ARRAY_LIST_PER_ELEMENT = REFERENCE;
    private static final int LINKED_PER_ELEMENT = 24;
    private static final int TREE_PER_ELEMENT = 40;
    private static final int HASH_PER_ELEMENT = 48; // a node, plus its share of a table at most three-quarters full

    private static final ClassValue<Integer> SHALLOW = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            if (type.isEnum() || type.getSuperclass() != null && type.getSuperclass().isEnum() || type == Boolean.class) {
                return 0; // constants already exist: decoding allocates nothing
            }
            int fields = 0;
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        fields++;
                    }
                }
            }
            return HEADER + 8 * fields;
        }
    };

    private static final ClassValue<Integer> PER_ELEMENT = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            if (SortedSet.class.isAssignableFrom(type) || SortedMap.class.isAssignableFrom(type)) {
                return TREE_PER_ELEMENT;
            }
            if (LinkedList.class.isAssignableFrom(type)) {
                return LINKED_PER_ELEMENT;
            }
            if (EnumSet.class.isAssignableFrom(type)) {
                return 0; // a bit vector
            }
            if (List.class.isAssignableFrom(type) || Queue.class.isAssignableFrom(type)) {
                return ARRAY_LIST_PER_ELEMENT;
            }
            if (Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
                return HASH_PER_ELEMENT; // sets and maps decode into hash tables
            }
            throw new IllegalArgumentException(type.getName() + " is not a collection or map");
        }
    };

    private Footprint() {
    }

    /** A string of {@code length} characters (the empty string is a constant). */
    public static long string(int length) {
        return length == 0 ? 0 : 24 + HEADER + (long) length;
    }

    /** An array of {@code length} elements of {@code elementBytes} bytes each. */
    public static long array(long length, int elementBytes) {
        return HEADER + length * elementBytes;
    }

    /** An array of {@code length} references. */
    public static long referenceArray(long length) {
        return array(length, REFERENCE);
    }

    /** A collection or map of class {@code type} holding {@code size} elements or entries, without them. */
    public static long collection(Class<?> type, long size) {
        return 3 * HEADER + size * PER_ELEMENT.get(type);
    }

    /** A plain object of class {@code type}: its header and fields. */
    public static long object(Class<?> type) {
        return SHALLOW.get(type);
    }

    /** Whatever {@code value} is, as decoding charges it: see the methods above. */
    public static long of(Object value) {
        return switch (value) {
            case String s -> string(s.length());
            case String[] strings -> {
                long sum = referenceArray(strings.length);
                for (String s : strings) {
                    sum += s == null ? 0 : string(s.length());
                }
                yield sum;
            }
            case Object[] objects -> referenceArray(objects.length);
            case Collection<?> c -> collection(c.getClass(), c.size());
            case Map<?, ?> m -> collection(m.getClass(), m.size());
            default -> value.getClass().isArray()
                    ? array(java.lang.reflect.Array.getLength(value), primitiveBytes(value.getClass().getComponentType()))
                    : object(value.getClass());
        };
    }

    private static int primitiveBytes(Class<?> primitive) {
        if (primitive == long.class || primitive == double.class) {
            return 8;
        }
        if (primitive == int.class || primitive == float.class) {
            return 4;
        }
        return primitive == short.class || primitive == char.class ? 2 : 1;
    }
}
