package io.threadwire.serialize.internal;

import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageTypes;
import java.util.Map;

/** Builds the one Kryo configuration every frame of a node is encoded and decoded with. */
public final class KryoFactory {
    static {
        KryoDefaults.apply();
    }

    private KryoFactory() {
    }

    /**
     * A Kryo that admits only {@code types} (resolving class names with {@code loader}), refuses
     * nesting deeper than {@code maxDepth} and messages that decode to more than
     * {@code maxDecoded} bytes of heap, keeps no references between objects (a message is a
     * tree; shared or cyclic graphs are not preserved, and cannot be used to build a cycle from
     * hostile input) and writes handles through {@code resolver}.
     */
    public static GuardedKryo create(MessageTypes types, int maxDepth, long maxDecoded, HandleResolver resolver,
            ClassLoader loader) {
        GuardedKryo kryo = new GuardedKryo(types, maxDecoded, resolver);
        kryo.setClassLoader(loader);
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
