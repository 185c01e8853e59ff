package io.threadwire.serialize.internal;

/** Class names as they arrive from the network, judged before anything is loaded. */
public final class ClassNames {
    /** Longer than any class name a JVM defines in practice. */
    private static final int MAX_LENGTH = 1024;
    /**
     * Most dimensions of an array that travels: more than code writes by hand (the JVM allows
     * 255). Each dimension is a class the JVM keeps, with one for each supertype of the element.
     */
    public static final int MAX_DIMENSIONS = 8;

    private ClassNames() {
    }

    /**
     * The element class name of an array name ({@code "[[Lcom.x.A;"} gives {@code "com.x.A"}), the
     * name itself for a class, the one-letter descriptor for a primitive array, or null if the
     * array name is malformed.
     */
    public static String elementName(String className) {
        int dims = dimensions(className);
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

    /** The dimensions of an array name ({@code "[[I"} has 2), 0 for a class. */
    public static int dimensions(String className) {
        int dims = 0;
        while (dims < className.length() && className.charAt(dims) == '[') {
            dims++;
        }
        return dims;
    }

    /** Why an array of {@code dimensions} does not travel. */
    public static String tooManyDimensions(int dimensions) {
        return "an array of " + dimensions + " dimensions; arrays of at most " + MAX_DIMENSIONS
                + " travel between nodes (send nested lists, or a record, instead)";
    }

    /**
     * Whether {@code name} can be a binary class name at all: not empty, not absurdly long, and
     * free of whitespace and control characters (which also keeps a peer's text from forging
     * lines in our logs).
     */
    public static boolean isPlausible(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code name} with every character that is not printable ASCII escaped, for an error message. */
    public static String escaped(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(name.length(), 200); i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return name.length() > 200 ? b + "..." : b.toString();
    }

    /** Whether {@code className} names an array of a primitive type. */
    public static boolean isPrimitiveArray(String className) {
        String element = elementName(className);
        return className.startsWith("[") && element != null && element.length() == 1;
    }
}
