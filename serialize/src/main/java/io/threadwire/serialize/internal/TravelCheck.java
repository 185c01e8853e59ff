package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
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
        if (!type.isRecord() && !type.isEnum() && !type.isArray()) {
            try {
                type.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                return "it has no no-argument constructor to rebuild it with; make it a record or add one";
            }
        }
        for (Class<?> c = type; c != null && c != Object.class && c != Record.class && c != Enum.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                    continue;
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
