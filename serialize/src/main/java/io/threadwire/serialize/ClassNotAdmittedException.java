package io.threadwire.serialize;

import io.threadwire.core.ThreadwireException;

/**
 * A message holds an object whose class is not admitted for travel between nodes. Thrown by
 * the sender's {@code send} before anything is written to the connection; a receiving node
 * refuses such a class the same way and never instantiates it.
 *
 * <p>To admit a class, register it on every node
 * ({@code NodeConfig.builder().register(MyMessage.class)}) or allow its package
 * ({@code .allowPackage("com.example.messages")}).
 */
public class ClassNotAdmittedException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final String className;

    public ClassNotAdmittedException(String className) {
        super("class " + className + " is not admitted in messages between nodes: " + advice(className));
        this.className = className;
    }

    /** The class is admitted by name but cannot travel, for the reason given. */
    public ClassNotAdmittedException(String className, String reason) {
        super("class " + className + " cannot travel between nodes: " + reason);
        this.className = className;
    }

    private static String advice(String className) {
        String register = "register it on every node with NodeConfig.builder().register(" + simpleName(className) + ".class)";
        if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")) {
            return "use one of the built-in types instead (e.g. copy into an ArrayList or HashMap), or " + register;
        }
        return register + ", or allow its package with .allowPackage(\"" + packageName(className) + "\")";
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
