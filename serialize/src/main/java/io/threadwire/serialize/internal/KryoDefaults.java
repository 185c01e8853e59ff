package io.threadwire.serialize.internal;

/**
 * Keeps Kryo off {@code sun.misc.Unsafe}. Kryo 5 decides once, when its {@code Util} class
 * initializes, whether to use Unsafe: unless the system property {@code kryo.unsafe} is
 * {@code "false"}, it loads {@code com.esotericsoftware.kryo.unsafe.UnsafeUtil}, whose static
 * initializer calls {@code Unsafe.arrayBaseOffset} (and {@code FieldSerializer} then reads and
 * writes fields with {@code Unsafe.objectFieldOffset}, {@code getInt} and the like). Those
 * memory-access methods are deprecated for removal, and from JDK 24 the first call prints a
 * warning on standard error. The safe paths (reflection or ReflectASM) serve every type
 * threadwire encodes.
 *
 * <p>So this sets {@code kryo.unsafe=false} before Kryo's {@code Util} initializes, unless the
 * application set the property itself (its choice stands). {@code MessageTypes} and
 * {@code MessageCodec} call {@link #apply()} from their static initializers, and every use of
 * Kryo in threadwire goes through one of them first. If the application itself used Kryo
 * before threadwire, Kryo has decided already and this changes nothing.
 */
public final class KryoDefaults {
    /** Kryo's switch, read once by {@code com.esotericsoftware.kryo.util.Util}. */
    public static final String UNSAFE_PROPERTY = "kryo.unsafe";

    static {
        if (System.getProperty(UNSAFE_PROPERTY) == null) {
            System.setProperty(UNSAFE_PROPERTY, "false");
        }
    }

    private KryoDefaults() {
    }

    /** Makes sure the default above is in place; the work happens once, in the static initializer. */
    public static void apply() {
        // class initialization did it
    }
}
