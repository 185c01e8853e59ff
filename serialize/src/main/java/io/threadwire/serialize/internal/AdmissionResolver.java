package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.serialize.MessageTypes;
import java.util.HashMap;
import java.util.Map;

/**
 * Kryo's class resolver, restricted to admitted classes. Registered classes travel as ids;
 * marked classes and classes of allowed packages travel by name. A name read from the network
 * is judged before any of the class's code runs: a name on the list (registered, allowed
 * package, built-in array) is loaded; a name off the list that could be a marked class is
 * loaded without initializing it and kept only if it carries the marker; anything else is
 * refused unloaded. So nothing a peer names outside the list is ever initialized or
 * instantiated, and with marked types not admitted, not even loaded. A name the class loader has
 * no class file for never reaches it, and no array class is made before its element type is
 * admitted, so what a peer names costs this node no memory it keeps (see {@link #load}).
 */
final class AdmissionResolver extends DefaultClassResolver {
    private final MessageTypes types;
    /** Names this Kryo admitted before, with their class: bounded by the admitted classes on the class path. */
    private final Map<String, Class<?>> admittedNames = new HashMap<>();

    AdmissionResolver(MessageTypes types) {
        this.types = types;
    }

    /** Writing or reading an unregistered class: only an admitted one gets a (name-based) registration. */
    @Override
    public Registration registerImplicit(@SuppressWarnings("rawtypes") Class type) {
        int dimensions = ClassNames.dimensions(type.getName());
        if (dimensions > ClassNames.MAX_DIMENSIONS) { // the receiver would refuse it (see getTypeByName)
            throw new ClassNotAdmittedException(type.getName(), ClassNames.tooManyDimensions(dimensions));
        }
        String arrayProblem = type.isArray() ? TravelCheck.arrayProblem(type) : null;
        if (arrayProblem != null) { // before admission: RemoteThread[] is no more admitted than it can travel
            throw new ClassNotAdmittedException(type.getName(), arrayProblem);
        }
        if (!types.admitsByName(type)) {
            throw new ClassNotAdmittedException(type);
        }
        String problem = type.isArray() ? null : TravelCheck.problem(type);
        if (problem != null) {
            throw new ClassNotAdmittedException(type.getName(), problem);
        }
        return super.registerImplicit(type);
    }

    /** A class id this node has nothing registered under: a class the sender registered and this node did not. */
    @Override
    public Registration readClass(Input input) {
        int start = input.position();
        int idPlusTwo = input.readVarInt(true);
        input.setPosition(start);
        if (idPlusTwo > 1 && getRegistration(idPlusTwo - 2) == null) { // 0 is null, 1 a class by name
            throw Refusal.unknownClassId(idPlusTwo - 2);
        }
        return super.readClass(input);
    }

    /**
     * A class by name: an id not seen before in this message must be the next, as Kryo's writer
     * numbers names (0, 1, 2, … from each reset). Kryo files names in an open-addressing table
     * keyed by id; ids a peer chose to fall in one cluster would make each lookup linear and a
     * message of n such names quadratic. Numbered in order, the ids are 0 to n - 1.
     */
    @Override
    protected Registration readName(Input input) {
        int start = input.position();
        int nameId = input.readVarInt(true);
        input.setPosition(start);
        int known = nameIdToClass == null ? 0 : nameIdToClass.size;
        if (nameId < 0 || nameId > known) { // no correct peer sends this: the stream cannot be trusted
            throw new KryoException("class name id " + nameId + " out of order: the message has named "
                    + known + " classes, so the next new id is " + known);
        }
        return super.readName(input);
    }

    /** Runs before Kryo loads a class named in the input: see the class comment. */
    @Override
    protected Class<?> getTypeByName(String className) {
        Class<?> known = admittedNames.get(className);
        if (known != null) {
            return known;
        }
        if (!ClassNames.isPlausible(className)) { // no correct peer sends this: the stream cannot be trusted
            throw new KryoException("a class name that cannot be one: " + ClassNames.escaped(className));
        }
        int dimensions = ClassNames.dimensions(className);
        if (dimensions > ClassNames.MAX_DIMENSIONS) {
            throw new ClassNotAdmittedException(ClassNames.escaped(className), ClassNames.tooManyDimensions(dimensions));
        }
        boolean listed = types.admitsName(className);
        if (!listed && !(types.admitsMarkedTypes() && MessageMarker.mayCarry(className))) {
            throw new ClassNotAdmittedException(className);
        }
        Class<?> type;
        if (ClassNames.isPrimitiveArray(className)) {
            type = load(className); // the JDK's own arrays, of at most MAX_DIMENSIONS: a bounded few
        } else {
            // the element is judged before any array of it exists: the JVM makes an array class for every
            // dimension and for each of the element's supertypes, and never unloads them
            Class<?> element = load(ClassNames.elementName(className));
            if (!listed && !types.admitsByName(element)) {
                throw new ClassNotAdmittedException(className);
            }
            type = element;
            for (int i = 0; i < dimensions; i++) {
                type = type.arrayType();
            }
        }
        admittedNames.put(className, type);
        return type;
    }

    /**
     * Loads {@code className} uninitialized, if the class loader has its class file. A name it
     * does not have is refused before it reaches the loader: a parallel-capable loader keeps a lock
     * for every name ever asked of it, found or not, so a peer naming new classes would grow
     * the heap for good.
     */
    private Class<?> load(String className) {
        ClassLoader loader = kryo.getClassLoader();
        if (!className.startsWith("[") && loader.getResource(className.replace('.', '/') + ".class") == null) {
            throw Refusal.notOnClassPath(className);
        }
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw Refusal.notOnClassPath(className);
        } catch (LinkageError e) {
            throw Refusal.notLoadable(className, e);
        }
    }
}
