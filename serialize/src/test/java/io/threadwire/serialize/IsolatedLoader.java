package io.threadwire.serialize;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.minlog.Log;
import io.threadwire.core.LocalThread;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashSet;
import java.util.Set;
import org.objenesis.Objenesis;
import org.slf4j.LoggerFactory;

/**
 * A class loader of its own for the serialize module, its tests, core and Kryo (parent: the
 * platform loader), so that a test can ask which classes decoding loaded
 * ({@link #hasLoaded}) and whether static initializers ran, on a slate no other test touched.
 * Decodes through {@link IsolatedDecoder} loaded by it.
 */
final class IsolatedLoader extends URLClassLoader {

    IsolatedLoader() {
        super("isolated-serialize", urls(), ClassLoader.getPlatformClassLoader());
    }

    private static URL[] urls() {
        Set<URL> urls = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {MessageCodec.class, IsolatedDecoder.class, LocalThread.class, Kryo.class,
                Log.class, Objenesis.class, LoggerFactory.class}) {
            urls.add(c.getProtectionDomain().getCodeSource().getLocation());
        }
        try {
            urls.add(Class.forName("com.esotericsoftware.reflectasm.MethodAccess").getProtectionDomain()
                    .getCodeSource().getLocation());
        } catch (ClassNotFoundException absent) {
            // Kryo runs without ReflectASM
        }
        return urls.toArray(URL[]::new);
    }

    /** Whether this loader has loaded (or initiated the loading of) the class {@code name}. */
    boolean hasLoaded(String name) {
        return findLoadedClass(name) != null;
    }

    /** Decodes {@code bytes} with a codec of this loader that admits marked types; see {@link IsolatedDecoder#decode}. */
    String decode(byte[] bytes, String allowedPackage) {
        return decode(bytes, allowedPackage, true);
    }

    /** Decodes {@code bytes} with a codec of this loader; see {@link IsolatedDecoder#decode}. */
    String decode(byte[] bytes, String allowedPackage, boolean admitMarked) {
        try {
            return (String) loadClass(IsolatedDecoder.class.getName())
                    .getMethod("decode", byte[].class, String.class, boolean.class)
                    .invoke(null, bytes, allowedPackage, admitMarked);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the isolated decoder failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The value of the public static boolean field {@code field} of class {@code className}, in this loader. */
    boolean staticFlag(String className, String field) {
        try {
            return loadClass(className).getField(field).getBoolean(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
