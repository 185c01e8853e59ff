package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.InvocationTargetException;

/**
 * The serializer of an application class, made to tell when the class's own code refuses what
 * it is given: a record's canonical constructor (or a class's no-argument constructor) that
 * throws while the message is decoded. The bytes were read whole, so the message is refused as
 * undecodable, naming the class (a {@link Refusal}), rather than as a broken stream: a sender
 * with another version of the class sends such values in good faith.
 */
final class ApplicationSerializer<T> extends Serializer<T> {
    private final Serializer<T> serializer;

    ApplicationSerializer(Serializer<T> serializer) {
        super(serializer.getAcceptsNull(), serializer.isImmutable());
        this.serializer = serializer;
    }

    /** The serializer this one wraps. */
    Serializer<T> wrapped() {
        return serializer;
    }

    @Override
    public void write(Kryo kryo, Output output, T object) {
        serializer.write(kryo, output, object);
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
        try {
            return serializer.read(kryo, input, type);
        } catch (RuntimeException e) {
            if (CodecFailures.find(e, Refusal.class) == null) {
                InvocationTargetException refused = CodecFailures.find(e, InvocationTargetException.class);
                if (refused != null) {
                    throw Refusal.constructorFailed(type.getName(), refused.getCause() == null ? refused : refused.getCause());
                }
            }
            throw e;
        }
    }

    @Override
    public T copy(Kryo kryo, T original) {
        return serializer.copy(kryo, original);
    }
}
