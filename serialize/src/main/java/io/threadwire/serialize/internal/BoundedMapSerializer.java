package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kryo's map serializer (same bytes), bounded as {@link BoundedCollectionSerializer} is: the
 * entry count checked and charged before allocation, and the entries of a hash-based map
 * gathered and checked by {@link HashCodeSpread} before any is put.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class BoundedMapSerializer<T extends Map> extends MapSerializer<T> implements ChargesItself {

    /** The entries of a hash-based map while they are read: Kryo's read only calls put. */
    private static final class Gathered extends AbstractMap<Object, Object> {
        final Class<?> type;
        final List<Object> keys;
        final List<Object> values;

        Gathered(Class<?> type, int size) {
            this.type = type;
            this.keys = new ArrayList<>(size);
            this.values = new ArrayList<>(size);
        }

        @Override
        public Object put(Object key, Object value) {
            keys.add(key);
            values.add(value);
            return null;
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            throw new UnsupportedOperationException("entries being read");
        }
    }

    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
        BoundedInput.checkCollection(input, type, size);
        if (size > HashCodeSpread.MAX_EQUAL_HASH_CODES && HashCodeSpread.applies(type)) { // fewer cannot break the rule
            return (T) new Gathered(type, size);
        }
        return super.create(kryo, input, type, size);
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
        T read = super.read(kryo, input, type);
        if (read instanceof Gathered gathered) {
            Object[] keys = gathered.keys.toArray();
            HashCodeSpread.check(keys, keys.length, gathered.type);
            T map = super.create(kryo, input, (Class<? extends T>) gathered.type, keys.length);
            for (int i = 0; i < keys.length; i++) {
                map.put(keys[i], gathered.values.get(i));
            }
            return map;
        }
        return read;
    }

    @Override
    public void write(Kryo kryo, Output output, T map) {
        if (HashCodeSpread.applies(map.getClass())) {
            HashCodeSpread.check(map);
        }
        super.write(kryo, output, map);
    }
}
