package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.KryoException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Refuses a hash-based set or map whose keys share hash codes beyond {@link #MAX_EQUAL_HASH_CODES},
 * before any key is inserted.
 *
 * <p>Why: a hash table compares a new key with {@code equals} against every key already there
 * with the same hash code (HashMap's tree bins order keys by hash code, then by
 * {@code compareTo} only when all of them are of one {@code Comparable} class; keys of any
 * other class, or of mixed classes, are searched one by one). A peer that sends n keys with one
 * hash code, which is easy for strings and for any record holding them, makes the receiver do
 * n²/2 comparisons: 16,384 {@code NodeAddress} values in half a megabyte took seconds. With at
 * most 64 keys per hash code, inserting n keys costs at most 32 comparisons per key on top of
 * the table's O(log n). Keys whose distinct hash codes merely land in the same bucket cost
 * nothing more (the bins order them by hash code), so only equal codes are counted.
 *
 * <p>Checked on both sides: a sender refuses at {@code send} what its peer would refuse, so a
 * legitimate program learns of a {@code hashCode} that does not spread where it can fix it.
 * Counting costs one {@code hashCode} call per key and a sort of n ints, O(n log n), and is
 * skipped for collections of at most {@value #MAX_EQUAL_HASH_CODES} keys.
 */
final class HashCodeSpread {
    /** The most keys of one set or map that may share a hash code. */
    static final int MAX_EQUAL_HASH_CODES = 64;

    private HashCodeSpread() {
    }

    private static final ClassValue<Boolean> APPLIES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (Map.class.isAssignableFrom(type)) {
                return !SortedMap.class.isAssignableFrom(type) && !IdentityHashMap.class.isAssignableFrom(type);
            }
            return Set.class.isAssignableFrom(type) && !SortedSet.class.isAssignableFrom(type)
                    && !EnumSet.class.isAssignableFrom(type);
        }
    };

    /** Whether a set or map of class {@code type} is a hash table that the check protects. */
    static boolean applies(Class<?> type) {
        return APPLIES.get(type);
    }

    /** Throws a KryoException naming the class of the keys if more than the maximum of {@code keys} share a hash code. */
    static void check(Object[] keys, int count, Class<?> container) {
        if (count <= MAX_EQUAL_HASH_CODES) {
            return;
        }
        int[] hashes = new int[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = keys[i] == null ? 0 : keys[i].hashCode();
        }
        Arrays.sort(hashes);
        int run = 1;
        for (int i = 1; i < count; i++) {
            run = hashes[i] == hashes[i - 1] ? run + 1 : 1;
            if (run > MAX_EQUAL_HASH_CODES) {
                throw refusal(keys, count, hashes[i], container);
            }
        }
    }

    /** {@link #check} for the elements of a set or the keys of a map about to be written. */
    static void check(Object setOrMap) {
        Collection<?> keys = setOrMap instanceof Map<?, ?> m ? m.keySet() : (Collection<?>) setOrMap;
        if (keys.size() > MAX_EQUAL_HASH_CODES) {
            Object[] array = keys.toArray();
            check(array, array.length, setOrMap.getClass());
        }
    }

    private static KryoException refusal(Object[] keys, int count, int hash, Class<?> container) {
        String keyClass = "null";
        for (int i = 0; i < count; i++) {
            if ((keys[i] == null ? 0 : keys[i].hashCode()) == hash) {
                keyClass = keys[i] == null ? "null" : keys[i].getClass().getName();
                break;
            }
        }
        return new KryoException("a " + container.getSimpleName() + " of " + count + " keys holds more than "
                + MAX_EQUAL_HASH_CODES + " with the hash code " + hash + " (" + keyClass + "), which would make"
                + " inserting them take time quadratic in their number; give " + keyClass
                + " a hashCode that spreads its values");
    }
}
