package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.ExternalizableSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

/**
 * Whether an application class can make the round trip, found out when it is admitted rather
 * than when the receiving node fails to rebuild it: Kryo must be able to instantiate it, it
 * must not ask for Java serialization, and a thread handle in it must be declared
 * {@code ThreadRef}, because a handle arrives as a {@code RemoteThread} and becomes a
 * {@code LocalThread} again when it comes home.
 */
public final class TravelCheck {
    private static final Module KRYO = Kryo.class.getModule();

    private TravelCheck() {
    }

    /** What stops {@code type} from being registered, in words that say what to do, or null if nothing does. */
    public static String registrationProblem(Class<?> type) {
        if (type.isPrimitive() || type.isArray() || BuiltInTypes.contains(type)) {
            return type.getName() + " is built in: it needs no registration";
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) && !type.isEnum()) {
            return "cannot register " + type.getName()
                    + ": it is an interface or abstract class; register the concrete classes that travel";
        }
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic() || type.isHidden()
                || Proxy.isProxyClass(type)) {
            return "cannot register " + type.getName()
                    + ": lambdas, proxies, anonymous and local classes cannot travel; use a record or a named class";
        }
        String problem = problem(type);
        return problem == null ? null : "cannot register " + type.getName() + ": " + problem;
    }

    /** What stops {@code type} from travelling, in words, or null if nothing does. */
    public static String problem(Class<?> type) {
        DefaultSerializer annotation = type.getAnnotation(DefaultSerializer.class);
        if (annotation != null && (JavaSerializer.class.isAssignableFrom(annotation.value())
                || ExternalizableSerializer.class.isAssignableFrom(annotation.value()))) {
            return "it asks for Java serialization, which threadwire never uses; remove the @DefaultSerializer annotation";
        }
        boolean reflected = !type.isRecord() && !type.isEnum() && !type.isArray(); // Kryo's FieldSerializer serves it
        if (reflected) {
            try {
                if (!reachable(type, type.getDeclaredConstructor().getModifiers())) {
                    return closed(type);
                }
            } catch (NoSuchMethodException e) {
                return "it has no no-argument constructor to rebuild it with; make it a record or add one";
            }
        }
        for (Class<?> c = type; c != null && c != Object.class && c != Record.class && c != Enum.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                    continue;
                }
                if (reflected && !reachable(c, f.getModifiers())) {
                    return closed(c);
                }
                Class<?> t = element(f.getType());
                if (isConcreteHandle(t)) {
                    return "its field '" + f.getName() + "' is declared " + t.getSimpleName()
                            + ": a thread handle arrives on another node as a RemoteThread and comes home as a"
                            + " LocalThread, so declare it ThreadRef";
                }
            }
        }
        return null;
    }

    /**
     * What stops array class {@code type} from travelling, in words, or null if nothing does: an
     * array of a concrete handle type could not hold its handles where they arrive.
     */
    public static String arrayProblem(Class<?> type) {
        Class<?> element = element(type);
        if (isConcreteHandle(element)) {
            return "an array of " + element.getSimpleName() + " cannot hold its handles on another node: a thread"
                    + " handle arrives there as a RemoteThread and comes home as a LocalThread, so make it a ThreadRef[]";
        }
        return null;
    }

    /**
     * Whether Kryo, which sets fields and calls the constructor of such a class by reflection, may
     * reach a member of {@code owner} with {@code modifiers}: its package is open to Kryo (every
     * package on the class path is), or the member is public in a public class of a package
     * exported to it.
     */
    private static boolean reachable(Class<?> owner, int modifiers) {
        Module module = owner.getModule();
        String pkg = owner.getPackageName();
        return module.isOpen(pkg, KRYO) || Modifier.isPublic(modifiers) && Modifier.isPublic(owner.getModifiers())
                && module.isExported(pkg, KRYO);
    }

    private static String closed(Class<?> owner) {
        return "Kryo, which rebuilds it by reflection, cannot reach the fields or constructor of " + owner.getName()
                + ": module " + owner.getModule().getName() + " does not open package " + owner.getPackageName()
                + " to it; send what it holds in a record of your own or in built-in types instead";
    }

    /** A handle type narrower than ThreadRef, which a handle may not stay an instance of as it travels. */
    private static boolean isConcreteHandle(Class<?> t) {
        return t == LocalThread.class || t == RemoteThread.class || t == RemoteThread.ById.class;
    }

    private static Class<?> element(Class<?> t) {
        while (t.isArray()) {
            t = t.getComponentType();
        }
        return t;
    }
}
