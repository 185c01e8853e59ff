package io.threadwire.serialize.internal;

import io.threadwire.core.Message;
import java.util.Arrays;

/**
 * Whether a class carries the {@link Message} marker: annotated itself, or permitted by a
 * marked sealed class or interface it directly extends. Compared by identity with the
 * {@code Message} class this module sees, never by name, so an annotation of the same name
 * from another package, or a copy of {@code Message} defined by another class loader, does
 * not count. Reading annotations does not initialize the class.
 */
public final class MessageMarker {
    private static final ClassValue<Boolean> MARKED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.isArray() || type.isPrimitive()) {
                return false;
            }
            if (type.isAnnotationPresent(Message.class)) {
                return true;
            }
            Class<?> parent = type.getSuperclass();
            if (parent != null && permittedByMarked(parent, type)) {
                return true;
            }
            for (Class<?> i : type.getInterfaces()) {
                if (permittedByMarked(i, type)) {
                    return true;
                }
            }
            return false;
        }
    };

    /** JDK packages, whose classes cannot carry the marker: their names are refused without loading them. */
    private static final String[] JDK_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private MessageMarker() {
    }

    /** Whether {@code type} carries the marker. */
    public static boolean isMarked(Class<?> type) {
        return MARKED.get(type);
    }

    private static boolean permittedByMarked(Class<?> parent, Class<?> type) {
        return parent.isSealed() && isMarked(parent) && Arrays.asList(parent.getPermittedSubclasses()).contains(type);
    }

    /**
     * Whether a class of this binary name (or an array of it) could carry the marker, decided on
     * the name alone: not a JDK class, not a lambda, not malformed.
     */
    public static boolean mayCarry(String className) {
        String name = ClassNames.elementName(className);
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("$$Lambda") || name.contains("[")
                || name.contains(";")) {
            return false;
        }
        for (String jdk : JDK_PREFIXES) {
            if (name.startsWith(jdk)) {
                return false;
            }
        }
        return true;
    }
}
