package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;

/**
 * Kryo's collection serializer (same bytes), bounded: the element count is checked against the
 * message and charged its {@link Footprint} before anything is allocated for it (Kryo sizes its
 * allocation by the count alone, so an 8-byte message could ask for gigabytes), and a hash-based
 * set is gathered first and built only once {@link HashCodeSpread} has checked its keys.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class BoundedCollectionSerializer<T extends Collection> extends CollectionSerializer<T> implements ChargesItself {

    /** The elements of a hash-based set while they are read, before the set is built. */
    private static final class Gathered extends ArrayList<Object> {
        final Class<?> type;

        Gathered(Class<?> type, int size) {
            super(size);
            this.type = type;
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
            Object[] elements = gathered.toArray();
            HashCodeSpread.check(elements, elements.length, gathered.type);
            T set = super.create(kryo, input, (Class<? extends T>) gathered.type, elements.length);
            set.addAll(Arrays.asList(elements));
            return set;
        }
        return read;
    }

    @Override
    public void write(Kryo kryo, Output output, T collection) {
        if (HashCodeSpread.applies(collection.getClass())) {
            HashCodeSpread.check(collection);
        }
        super.write(kryo, output, collection);
    }
}
