package io.threadwire.serialize.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code allowPackage} refuses, and why. Allowing a package admits every class in it and
 * below it, travelling by name, so a package that holds more than the application's own
 * message types hands a peer classes to instantiate with fields of its choosing: library
 * classes are exactly the gadgets deserialization attacks chain together.
 */
public final class PackageRules {
    private static final Pattern PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    /** The JDK's packages: its common types are built in. */
    private static final List<String> JDK = List.of("java", "javax", "jdk", "sun", "com.sun", "org.w3c", "org.xml",
            "org.ietf", "org.omg");

    /** Well-known library namespaces; allowing any package in them admits some library's classes. */
    private static final List<String> LIBRARIES = List.of("com.esotericsoftware", "org.objenesis", "org.apache",
            "org.springframework", "com.google", "com.fasterxml", "io.netty", "org.hibernate", "org.codehaus",
            "org.slf4j", "ch.qos", "org.eclipse", "org.jboss", "org.yaml", "org.mozilla", "org.python", "org.junit",
            "org.assertj", "org.osgi", "kotlin", "scala", "groovy", "clojure");

    /** threadwire's own packages: its thread handles and messages are built in, the rest is not a message. */
    private static final List<String> THREADWIRE = List.of("io.threadwire.core", "io.threadwire.core.internal",
            "io.threadwire.core.spi", "io.threadwire.serialize", "io.threadwire.serialize.internal",
            "io.threadwire.distributed", "io.threadwire.distributed.internal", "io.threadwire.testkit");

    private PackageRules() {
    }

    /** Why {@code packageName} (without a trailing dot) may not be allowed, or null if it may. */
    public static String problem(String packageName) {
        String p = packageName;
        if (p.isEmpty()) {
            return "the package name is blank";
        }
        if (!PACKAGE.matcher(p).matches()) {
            return "'" + p + "' is not a package name (dot-separated Java identifiers, e.g. com.example.messages)";
        }
        for (String jdk : JDK) {
            if (within(p, jdk)) {
                return "cannot allow the JDK package " + p + ": the common JDK types are built in; register any"
                        + " other JDK class you need explicitly";
            }
        }
        if (p.indexOf('.') < 0) {
            return "cannot allow '" + p + "': a package of one segment admits every class of every dependency under it;"
                    + " allow the package that holds your messages (e.g. " + p + ".example.messages), or mark them"
                    + " @Message (io.threadwire.core.Message) and allow nothing";
        }
        for (String tw : THREADWIRE) {
            if (within(tw, p) || tw.endsWith(".internal") && within(p, tw)) {
                return "cannot allow " + p + ": it holds threadwire's own classes, which are not messages (handles,"
                        + " Synchronous and NodeAddress are built in); allow the package of your messages instead";
            }
        }
        for (String library : LIBRARIES) {
            if (within(p, library) || within(library, p)) {
                return "cannot allow " + p + ": it holds a library's classes, which a peer could then instantiate with"
                        + " fields of its choosing; register the library classes you send one by one with register(...)";
            }
        }
        return null;
    }

    /** Whether package {@code p} is {@code root} or below it. */
    private static boolean within(String p, String root) {
        return p.equals(root) || p.startsWith(root + ".");
    }
}
