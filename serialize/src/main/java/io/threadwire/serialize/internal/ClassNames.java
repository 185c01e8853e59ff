package io.threadwire.serialize.internal;

/** Class names as they arrive from the network, judged before anything is loaded. */
public final class ClassNames {
    private ClassNames() {
    }

    /**
     * The element class name of an array name ({@code "[[Lcom.x.A;"} gives {@code "com.x.A"}), the
     * name itself for a class, the one-letter descriptor for a primitive array, or null if the
     * array name is malformed.
     */
    public static String elementName(String className) {
        int dims = 0;
        while (dims < className.length() && className.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return className;
        }
        String element = className.substring(dims);
        if (element.length() == 1) {
            return "ZBCSIJFD".contains(element) ? element : null;
        }
        if (!element.startsWith("L") || !element.endsWith(";")) {
            return null;
        }
        return element.substring(1, element.length() - 1);
    }

    /** Whether {@code className} names an array of a primitive type. */
    public static boolean isPrimitiveArray(String className) {
        String element = elementName(className);
        return className.startsWith("[") && element != null && element.length() == 1;
    }
}
