package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Kryo;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageTypes;
import java.util.Map;

/** Builds the one Kryo configuration every frame of a node is encoded and decoded with. */
public final class KryoFactory {
    private KryoFactory() {
    }

    /**
     * A Kryo that admits only {@code types}, refuses nesting deeper than {@code maxDepth}, keeps
     * no references between objects (a message is a tree; shared or cyclic graphs are not
     * preserved, and cannot be used to build a cycle from hostile input) and writes handles
     * through {@code resolver}.
     */
    public static Kryo create(MessageTypes types, int maxDepth, HandleResolver resolver) {
        Kryo kryo = new GuardedKryo(types);
        kryo.setRegistrationRequired(false); // the AdmissionResolver decides instead, by name or registration
        kryo.setWarnUnregisteredClasses(false);
        kryo.setReferences(false);
        kryo.setMaxDepth(maxDepth);
        BuiltInTypes.registerAll(kryo, resolver);
        for (Map.Entry<Class<?>, Integer> e : types.registered().entrySet()) {
            kryo.register(e.getKey(), e.getValue());
        }
        return kryo;
    }
}
