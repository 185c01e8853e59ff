package io.threadwire.serialize;

import io.threadwire.serialize.internal.BuiltInTypes;
import io.threadwire.serialize.internal.ClassNames;
import io.threadwire.serialize.internal.KryoDefaults;
import io.threadwire.serialize.internal.MessageMarker;
import io.threadwire.serialize.internal.PackageRules;
import io.threadwire.serialize.internal.PeerAdmission;
import io.threadwire.serialize.internal.TravelCheck;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which classes may travel inside messages. Always admitted: {@code String}, the primitives and
 * their boxes, arrays of admitted types, the common {@code java.util} collections and maps
 * (array and linked lists, hash, linked and tree maps and sets, {@code ArrayDeque},
 * {@code ConcurrentHashMap}, {@code EnumSet}, {@code List.of}, {@code Set.of}, {@code Map.of},
 * {@code Arrays.asList}, the empty, singleton and unmodifiable collections), {@code Optional},
 * {@code UUID}, {@code BigInteger}, {@code BigDecimal}, {@code BitSet}, the {@code java.time}
 * values, a few JDK enums ({@code DayOfWeek}, {@code Month}, {@code ChronoUnit},
 * {@code TimeUnit}), thread handles and {@code ThreadRef[]} (not arrays of {@code LocalThread} or
 * {@code RemoteThread}, which could not hold what their handles become on another node),
 * {@code Synchronous} and {@code NodeAddress}.
 *
 * <p>Application classes (records, enums, plain classes with a no-argument constructor) are
 * admitted in one of three ways:
 * <ul>
 *   <li>marked where they are declared, {@link io.threadwire.core.Message @Message}: with no
 *       configuration at all, the class travels by name between nodes that have it on their
 *       class path (unless {@link Builder#admitMarkedTypes(boolean) admitMarkedTypes(false)});</li>
 *   <li>{@link Builder#register(Class) register}, on every node: the class travels as a 4-byte
 *       id derived from its name, so nodes need not register classes in the same order;</li>
 *   <li>{@link Builder#allowPackage(String) allowPackage}, on every node: every class of the
 *       package and its subpackages travels by name (a few dozen bytes more per message).</li>
 * </ul>
 * The last two are for classes you cannot mark (library or JDK types). A class admitted in none
 * of these ways is refused at {@code send} with {@link ClassNotAdmittedException}.
 *
 * <p>A receiving node judges a class name from the network before it runs any of the class's
 * code: a registered name or one of an allowed package is loaded; any other name (unless it is
 * a JDK class, which is refused outright) is loaded <em>without initializing it</em>, its marker
 * checked by identity, and refused unless it carries it. So no static initializer runs, and no
 * instance is made, of a class that turns out not to be admitted. With
 * {@code admitMarkedTypes(false)} nothing outside the list is even loaded. Names are resolved
 * by one class loader, fixed when the codec is made: {@link Builder#classLoader(ClassLoader)
 * classLoader} if set, else the thread context class loader of the thread that makes the codec,
 * else this library's own. Java serialization is never used. Lambdas, proxies, anonymous and
 * local classes are never admitted.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MessageTypes {
    /** Ids derived from class names fall in [FIRST_HASH_ID, FIRST_HASH_ID + HASH_IDS): 4-byte varints. */
    private static final int FIRST_HASH_ID = 1 << 20;
    private static final int HASH_IDS = (1 << 28) - 3 - FIRST_HASH_ID;

    static {
        KryoDefaults.apply(); // before anything here touches Kryo
    }

    private final Map<Class<?>, Integer> registered; // application class -> id
    private final Map<String, Integer> registeredNames; // the same, by class name
    private final List<String> packages;             // allowed packages, each ending in '.'
    private final boolean admitMarked;
    private final ClassLoader classLoader;           // null: see codecClassLoader()

    private MessageTypes(Builder b) {
        this.registered = Collections.unmodifiableMap(new LinkedHashMap<>(b.registered));
        Map<String, Integer> names = new HashMap<>();
        b.registered.forEach((type, id) -> names.put(type.getName(), id));
        this.registeredNames = Map.copyOf(names);
        this.packages = List.copyOf(new LinkedHashSet<>(b.packages));
        this.admitMarked = b.admitMarked;
        this.classLoader = b.classLoader;
    }

    /** The built-in types only. */
    public static MessageTypes builtInOnly() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Application classes and their registration ids. */
    public Map<Class<?>, Integer> registered() {
        return registered;
    }

    /** Allowed packages (without the trailing dot). */
    public List<String> allowedPackages() {
        return packages.stream().map(p -> p.substring(0, p.length() - 1)).toList();
    }

    /** Whether classes marked {@link io.threadwire.core.Message @Message} are admitted (the default). */
    public boolean admitsMarkedTypes() {
        return admitMarked;
    }

    /**
     * The class loader that resolves class names read from the network: the one given to the
     * builder, else the calling thread's context class loader, else this library's.
     */
    public ClassLoader codecClassLoader() {
        if (classLoader != null) {
            return classLoader;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : MessageTypes.class.getClassLoader();
    }

    /**
     * What this configuration admits, in the compact form another node can check its sends
     * against (see {@link AdmittedTypes}).
     */
    public AdmittedTypes admitted() {
        return new AdmittedTypes(registeredNames, allowedPackages(), admitMarked);
    }

    /**
     * Whether a message holding an object of class {@code type}, encoded with this
     * configuration, would be decoded by a node that admits {@code peer}: the class is built in;
     * or it is registered here and there with the same id; or it travels by name from here and
     * the peer registered it, allows its package, or admits it by its marker.
     */
    public boolean isAdmittedBy(AdmittedTypes peer, Class<?> type) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(type, "type");
        Class<?> travelling = !type.isEnum() && Enum.class.isAssignableFrom(type) && type != Enum.class
                ? type.getSuperclass() // a constant with a body travels as its enum
                : type;
        Integer id = registered.get(travelling);
        return admits(travelling) && PeerAdmission.refusal(peer, travelling, id == null ? -1 : id) == null;
    }

    /** Whether {@code type} is admitted: built in, registered, marked, or travelling by name from an allowed package. */
    public boolean admits(Class<?> type) {
        Objects.requireNonNull(type, "type");
        return BuiltInTypes.contains(type) || registered.containsKey(type) || admitsByName(type);
    }

    /** Whether an unregistered class may travel by name: an array of admitted types, a marked class, or a class of an allowed package. */
    public boolean admitsByName(Class<?> type) {
        Objects.requireNonNull(type, "type");
        if (type.isArray()) {
            Class<?> component = type;
            while (component.isArray()) {
                component = component.getComponentType();
            }
            return admits(component);
        }
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic() || type.isHidden()
                || Proxy.isProxyClass(type)) {
            return false;
        }
        return inAllowedPackage(type.getName()) || registered.containsKey(type)
                || admitMarked && MessageMarker.isMarked(type);
    }

    /**
     * Whether a class name read from the network is admitted by the list alone (built in,
     * registered, or of an allowed package), decided before anything is loaded. An array name is
     * judged by its element type. A name outside the list may still be that of a marked class:
     * that is decided once the class is loaded, uninitialized.
     */
    public boolean admitsName(String className) {
        Objects.requireNonNull(className, "className");
        String name = ClassNames.elementName(className);
        if (name == null || ClassNames.isPrimitiveArray(className)) {
            return name != null;
        }
        if (name.contains("$$Lambda") || name.contains("/")) {
            return false;
        }
        return !name.equals(className) && BuiltInTypes.containsName(name) // arrays of built-in types
                || registeredNames.containsKey(name) || inAllowedPackage(name);
    }

    private boolean inAllowedPackage(String className) {
        for (String p : packages) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The id a class registered without an explicit id gets: derived from its name, the same in every JVM. */
    static int idFor(Class<?> type) {
        int h = 0x811c9dc5; // FNV-1a, 32 bits
        for (int i = 0; i < type.getName().length(); i++) {
            h ^= type.getName().charAt(i);
            h *= 0x01000193;
        }
        return FIRST_HASH_ID + Integer.remainderUnsigned(h, HASH_IDS);
    }

    /** Builds a {@link MessageTypes}; not thread-safe. */
    public static final class Builder {
        private final Map<Class<?>, Integer> registered = new LinkedHashMap<>();
        private final List<String> packages = new ArrayList<>();
        private boolean admitMarked = true;
        private ClassLoader classLoader;

        private Builder() {
        }

        /**
         * Admits {@code type}, travelling as an id derived from its name.
         *
         * @throws IllegalArgumentException if the class cannot travel (lambda, proxy, anonymous or
         *                                  local class, interface, abstract class) or its id
         *                                  collides with another registered class's
         */
        public Builder register(Class<?> type) {
            Objects.requireNonNull(type, "type");
            return register(type, idFor(type), "its name-derived id " + idFor(type));
        }

        /**
         * Admits {@code type} with an explicit id, the same on every node: for the rare case
         * where two names derive the same id.
         *
         * @throws IllegalArgumentException if {@code id} is below {@value BuiltInTypes#FIRST_APPLICATION_ID}
         *                                  or not below 1048576, or already used
         */
        public Builder register(Class<?> type, int id) {
            Objects.requireNonNull(type, "type");
            if (id < BuiltInTypes.FIRST_APPLICATION_ID || id >= FIRST_HASH_ID) {
                throw new IllegalArgumentException("explicit class id " + id + " for " + type.getName() + " must be from "
                        + BuiltInTypes.FIRST_APPLICATION_ID + " to " + (FIRST_HASH_ID - 1));
            }
            return register(type, id, "id " + id);
        }

        private Builder register(Class<?> type, int id, String what) {
            String problem = TravelCheck.registrationProblem(type);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            for (Map.Entry<Class<?>, Integer> e : registered.entrySet()) {
                if (e.getValue() == id && e.getKey() != type) {
                    throw new IllegalArgumentException("cannot register " + type.getName() + " with " + what + ": "
                            + e.getKey().getName() + " has it; register one of them with an explicit id,"
                            + " register(type, id), on every node");
                }
            }
            registered.put(type, id);
            return this;
        }

        /**
         * Admits every class of {@code packageName} and its subpackages, travelling by name: for
         * message types you cannot mark {@link io.threadwire.core.Message @Message}.
         *
         * @throws IllegalArgumentException if the name is blank or not a package name, or the
         *                                  package is too broad to be safe: a package of one
         *                                  segment ({@code com}), a JDK package ({@code java.},
         *                                  ...), threadwire's own, or a well-known library
         *                                  namespace ({@code org.apache}, {@code com.google},
         *                                  ...), whose classes a peer could instantiate with
         *                                  fields of its choosing; the message says what to do
         */
        public Builder allowPackage(String packageName) {
            Objects.requireNonNull(packageName, "packageName");
            String p = packageName.strip();
            if (p.endsWith(".")) {
                p = p.substring(0, p.length() - 1);
            }
            String problem = PackageRules.problem(p);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            packages.add(p + ".");
            return this;
        }

        /**
         * Whether classes marked {@link io.threadwire.core.Message @Message} are admitted without
         * being registered (default true). With false, only the built-in, registered and allowed
         * classes travel, and a receiving node loads no class outside that list.
         */
        public Builder admitMarkedTypes(boolean admit) {
            this.admitMarked = admit;
            return this;
        }

        /**
         * The class loader that resolves class names read from the network (default: the context
         * class loader of the thread that makes the codec, else this library's). Set it where
         * message classes live in a loader of their own, as in an application server or plugin.
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Adds everything {@code other} admits; all of it, or nothing.
         *
         * @throws IllegalArgumentException if one of its classes has the id of another class
         *                                  registered here (nothing is added then)
         */
        public Builder addAll(MessageTypes other) {
            Objects.requireNonNull(other, "other");
            Map<Class<?>, Integer> before = new LinkedHashMap<>(registered);
            try {
                other.registered.forEach((type, id) -> register(type, id, "id " + id));
            } catch (IllegalArgumentException collision) {
                registered.clear();
                registered.putAll(before);
                throw collision;
            }
            packages.addAll(other.packages);
            admitMarked = admitMarked && other.admitMarked;
            if (other.classLoader != null) {
                classLoader = other.classLoader;
            }
            return this;
        }

        public MessageTypes build() {
            return new MessageTypes(this);
        }
    }
}
