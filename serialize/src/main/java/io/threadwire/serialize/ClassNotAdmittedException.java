package io.threadwire.serialize;

import io.threadwire.core.ThreadwireException;
import io.threadwire.serialize.internal.ClassNames;
import io.threadwire.serialize.internal.TravelCheck;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * A message holds an object whose class is not admitted for travel between nodes. Thrown by
 * the sender's {@code send} before anything is written to the connection; a receiving node
 * refuses such a class the same way and never instantiates it.
 *
 * <p>To admit a class of your own, mark it {@link io.threadwire.core.Message @Message} where it is
 * declared; for a class you cannot mark, register it on every node
 * ({@code NodeConfig.builder().register(MyMessage.class)}) or allow its package
 * ({@code .allowPackage("com.example.messages")}).
 */
public class ClassNotAdmittedException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final String className;

    /** The class named {@code className} is not admitted; the message says how to admit it. @throws NullPointerException if it is null */
    public ClassNotAdmittedException(String className) {
        super("class " + className + " is not admitted in messages between nodes: " + advice(className, true));
        this.className = Objects.requireNonNull(className, "className");
    }

    /**
     * {@code type} is not admitted; the advice fits it: registration is advised only for a class
     * that registration accepts (not an interface or abstract class, nor a JDK class whose fields
     * Kryo cannot reach, such as a {@code Thread}).
     */
    public ClassNotAdmittedException(Class<?> type) {
        super("class " + type.getName() + " is not admitted in messages between nodes: "
                + (unnamed(type) ? UNNAMED : advice(type.getName(), registrable(type))));
        this.className = type.getName();
    }

    private static final String UNNAMED = "lambdas, proxies, anonymous and local classes never travel (no other node"
            + " could name them); send a record or a named class instead, marked @Message (io.threadwire.core.Message)";

    /** Whether the element type of {@code type} is one no registration, marker or package can admit. */
    private static boolean unnamed(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element.isAnonymousClass() || element.isLocalClass() || element.isSynthetic() || element.isHidden()
                || Proxy.isProxyClass(element);
    }

    /** The class is admitted by name but cannot travel, for the reason given. */
    public ClassNotAdmittedException(String className, String reason) {
        super("class " + className + " cannot travel between nodes: " + reason);
        this.className = className;
    }

    /** Whether registering the element type of {@code type} would be accepted (and so is worth advising). */
    private static boolean registrable(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element.isPrimitive() || TravelCheck.registrationProblem(element) == null;
    }

    private static String advice(String className, boolean registrable) {
        String element = ClassNames.elementName(className);
        String name = element == null ? className : element;
        String register = "register it on every node with NodeConfig.builder().register(" + simpleName(name) + ".class)";
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")) {
            return "use one of the built-in types instead (e.g. copy into an ArrayList or HashMap)"
                    + (registrable ? ", or " + register : "");
        }
        return "mark it @Message (io.threadwire.core.Message) where it is declared, or "
                + (registrable ? register + ", or " : "")
                + "allow its package with .allowPackage(\"" + packageName(name) + "\")";
    }

    /** The name of the refused class. */
    public String className() {
        return className;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static String packageName(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }
}
