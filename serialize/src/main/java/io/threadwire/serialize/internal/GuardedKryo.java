package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.ExternalizableSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.serialize.MessageTypes;

/**
 * Kryo that picks only safe serializers for admitted classes: never Java serialization (not
 * even for a class annotated to ask for it), and the bounded collection, map and array
 * serializers instead of Kryo's pre-sizing ones.
 */
final class GuardedKryo extends Kryo {

    GuardedKryo(MessageTypes types) {
        super(new AdmissionResolver(types), new MapReferenceResolver());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
        Serializer s = super.getDefaultSerializer(type);
        if (s instanceof JavaSerializer || s instanceof ExternalizableSerializer) {
            throw new ClassNotAdmittedException(type.getName(), "it asks for Java serialization, which threadwire never uses");
        }
        if (s.getClass() == DefaultArraySerializers.ObjectArraySerializer.class) {
            return new BoundedSerializers.BoundedObjectArraySerializer(this, type);
        }
        if (s.getClass() == CollectionSerializer.class) {
            return new BoundedSerializers.BoundedCollectionSerializer<>();
        }
        if (s.getClass() == MapSerializer.class) {
            return new BoundedSerializers.BoundedMapSerializer<>();
        }
        return s;
    }
}
