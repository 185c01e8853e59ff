package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Another serializer of collections or maps whose size it bounds itself (empty and singleton
 * collections, {@code EnumSet}), made to charge what it decodes: its {@link Footprint}, once the
 * object is made.
 */
final class ChargedSerializer<T> extends Serializer<T> implements ChargesItself {
    private final Serializer<T> serializer;

    ChargedSerializer(Serializer<T> serializer) {
        super(serializer.getAcceptsNull(), serializer.isImmutable());
        this.serializer = serializer;
    }

    @Override
    public void write(Kryo kryo, Output output, T object) {
        serializer.write(kryo, output, object);
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
        T object = serializer.read(kryo, input, type);
        if (object != null && BoundedInput.charging(input)) {
            BoundedInput.charge(input, Footprint.of(object));
        }
        return object;
    }

    @Override
    public T copy(Kryo kryo, T original) {
        return serializer.copy(kryo, original);
    }
}
