package io.threadwire.serialize;

import io.threadwire.serialize.internal.BuiltInTypes;
import io.threadwire.serialize.internal.TravelCheck;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which classes may travel inside messages. Always admitted: {@code String}, the primitives and
 * their boxes, arrays of admitted types, the common {@code java.util} collections and maps
 * (array and linked lists, hash, linked and tree maps and sets, {@code ArrayDeque},
 * {@code ConcurrentHashMap}, {@code EnumSet}, {@code List.of}, {@code Set.of}, {@code Map.of},
 * {@code Arrays.asList}, the empty and singleton collections), {@code Optional}, {@code UUID},
 * {@code BigInteger}, {@code BigDecimal}, {@code BitSet}, the {@code java.time} values, a few
 * JDK enums ({@code DayOfWeek}, {@code Month}, {@code ChronoUnit}, {@code TimeUnit}), thread
 * handles, {@code Synchronous} and {@code NodeAddress}.
 *
 * <p>Application classes (records, enums, plain classes with a no-argument constructor) are
 * admitted in one of two ways, on every node that sends or receives them:
 * <ul>
 *   <li>{@link Builder#register(Class) register}: the class travels as a 4-byte id derived
 *       from its name, so nodes need not register classes in the same order;</li>
 *   <li>{@link Builder#allowPackage(String) allowPackage}: every class of the package and its
 *       subpackages travels by name (a few dozen bytes more per message).</li>
 * </ul>
 * A class that is neither is refused at {@code send} with {@link ClassNotAdmittedException};
 * a receiving node checks a class name against its own list before loading the class, so it
 * never loads, initializes or instantiates anything outside the list. Java serialization is
 * never used. Lambdas, proxies, anonymous and local classes are never admitted.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MessageTypes {
    /** Ids derived from class names fall in [FIRST_HASH_ID, FIRST_HASH_ID + HASH_IDS): 4-byte varints. */
    private static final int FIRST_HASH_ID = 1 << 20;
    private static final int HASH_IDS = (1 << 28) - 3 - FIRST_HASH_ID;

    private final Map<Class<?>, Integer> registered; // application class -> id
    private final List<String> packages;             // allowed packages, each ending in '.'

    private MessageTypes(Map<Class<?>, Integer> registered, List<String> packages) {
        this.registered = Collections.unmodifiableMap(new LinkedHashMap<>(registered));
        this.packages = List.copyOf(packages);
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

    /** Whether {@code type} is admitted: built in, registered, or travelling by name from an allowed package. */
    public boolean admits(Class<?> type) {
        Objects.requireNonNull(type, "type");
        return BuiltInTypes.contains(type) || registered.containsKey(type) || admitsByName(type);
    }

    /** Whether an unregistered class may travel by name: an array of admitted types, or a class of an allowed package. */
    public boolean admitsByName(Class<?> type) {
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
        return inAllowedPackage(type.getName()) || registered.containsKey(type);
    }

    /**
     * Whether a class name read from the network may be loaded: checked before any loading. An
     * array name is judged by its element type.
     */
    public boolean admitsName(String className) {
        String name = className;
        int dims = 0;
        while (name.startsWith("[")) {
            name = name.substring(1);
            dims++;
        }
        if (dims > 0) {
            if (name.length() == 1) {
                return "ZBCSIJFD".contains(name); // primitive element type
            }
            if (!name.startsWith("L") || !name.endsWith(";")) {
                return false;
            }
            name = name.substring(1, name.length() - 1);
            if (BuiltInTypes.containsName(name)) {
                return true;
            }
        }
        if (name.contains("$$Lambda") || name.contains("/")) {
            return false;
        }
        for (Class<?> c : registered.keySet()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return inAllowedPackage(name);
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
            if (type.isPrimitive() || type.isArray() || BuiltInTypes.contains(type)) {
                throw new IllegalArgumentException(type.getName() + " is built in: it needs no registration");
            }
            if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers()) && !type.isEnum()) {
                throw new IllegalArgumentException("cannot register " + type.getName()
                        + ": it is an interface or abstract class; register the concrete classes that travel");
            }
            if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic() || type.isHidden()
                    || Proxy.isProxyClass(type)) {
                throw new IllegalArgumentException("cannot register " + type.getName()
                        + ": lambdas, proxies, anonymous and local classes cannot travel; use a record or a named class");
            }
            String problem = TravelCheck.problem(type);
            if (problem != null) {
                throw new IllegalArgumentException("cannot register " + type.getName() + ": " + problem);
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
         * Admits every class of {@code packageName} and its subpackages, travelling by name.
         *
         * @throws IllegalArgumentException if the name is blank or a JDK package such as {@code java.}
         *                                  (admitting the JDK would admit classes that are dangerous
         *                                  to instantiate from the network)
         */
        public Builder allowPackage(String packageName) {
            Objects.requireNonNull(packageName, "packageName");
            String p = packageName.strip();
            if (p.endsWith(".")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("package name is blank");
            }
            if (p.equals("java") || p.startsWith("java.") || p.equals("javax") || p.startsWith("javax.")
                    || p.startsWith("jdk.") || p.startsWith("sun.") || p.startsWith("com.sun.")) {
                throw new IllegalArgumentException("cannot allow the JDK package " + p + ": the common JDK types are"
                        + " built in; register any other JDK class you need explicitly");
            }
            packages.add(p + ".");
            return this;
        }

        /** Adds everything {@code other} admits. */
        public Builder addAll(MessageTypes other) {
            Objects.requireNonNull(other, "other");
            other.registered.forEach((type, id) -> register(type, id, "id " + id));
            packages.addAll(other.packages);
            return this;
        }

        public MessageTypes build() {
            return new MessageTypes(registered, packages);
        }
    }
}
