package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.serialize.MessageTypes;

/**
 * Kryo's class resolver, restricted to admitted classes. Registered classes travel as ids;
 * classes of allowed packages travel by name, and a name read from the network is checked
 * against the allow-list before any class is loaded, so nothing outside the list is ever
 * loaded, initialized or instantiated because a peer named it.
 */
final class AdmissionResolver extends DefaultClassResolver {
    private final MessageTypes types;

    AdmissionResolver(MessageTypes types) {
        this.types = types;
    }

    /** Writing or reading an unregistered class: only an allowed one gets a (name-based) registration. */
    @Override
    public Registration registerImplicit(Class type) {
        if (!types.admitsByName(type)) {
            throw new ClassNotAdmittedException(type.getName());
        }
        String problem = type.isArray() ? null : TravelCheck.problem(type);
        if (problem != null) {
            throw new ClassNotAdmittedException(type.getName(), problem);
        }
        return super.registerImplicit(type);
    }

    /** Runs before Kryo loads a class named in the input: refuse names outside the list. */
    @Override
    protected Class getTypeByName(String className) {
        if (!types.admitsName(className)) {
            throw new ClassNotAdmittedException(className);
        }
        return super.getTypeByName(className);
    }
}
