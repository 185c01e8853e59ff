package io.threadwire.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import io.threadwire.serialize.marked.Greeting;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A class a peer names costs the receiving node nothing it keeps unless the class is admitted:
 * a name the class path lacks never reaches the class loader (which would keep a lock for it
 * for good), and no array class is made of a type that is not admitted.
 */
class NamedClassCostTest {

    /** A class loader that records every name asked of it, and delegates to the test's own. */
    private static final class RecordingLoader extends ClassLoader {
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super("recording", NamedClassCostTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private static byte[] named(String className) {
        return Wire.bytes(out -> {
            Wire.className(out, className);
            out.writeByte(0);
        });
    }

    /** A name neither on the class path nor admitted by any class on it never reaches the class loader. */
    @Test
    void aNameTheClassPathLacksNeverReachesTheClassLoader() {
        RecordingLoader loader = new RecordingLoader();
        MessageCodec receiver = Codecs.codec(MessageTypes.builder().classLoader(loader)
                .allowPackage(Codecs.PEER_PACKAGE).build(), Codecs.nodeB());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            names.add("com.example.absent.M" + i);                 // could be a marked class
            names.add(Codecs.PEER_PACKAGE + ".Absent" + i);        // in an allowed package
            names.add("[[Lcom.example.absent.A" + i + ";");        // an array of one
        }

        for (String name : names) {
            assertThat(Codecs.decodeFailure(receiver, named(name))).isInstanceOf(UndecodableMessageException.class)
                    .hasMessageContaining("not on this node's class path");
        }

        assertThat(loader.asked).doesNotContainAnyElementsOf(names)
                .noneMatch(n -> n.startsWith("com.example.absent") || n.contains(".Absent"));
    }

    /** An array of more dimensions than travel is refused, by name, before anything is loaded. */
    @Test
    void anArrayOfTooManyDimensionsIsRefusedUnloaded() {
        RecordingLoader loader = new RecordingLoader();
        MessageCodec receiver = Codecs.codec(MessageTypes.builder().classLoader(loader).build(), Codecs.nodeB());
        String deep = "[".repeat(255) + "L" + Kryo.class.getName() + ";";

        assertThat(Codecs.decodeFailure(receiver, named(deep))).isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining("255 dimensions");
        assertThat(loader.asked).doesNotContain(Kryo.class.getName());
    }

    /**
     * Arrays of many classes of the class path that are not admitted, named by a peer, leave no
     * array class behind: the receiving node's class metadata grows no more than naming the
     * classes themselves made it grow (the JVM makes an array class for each dimension and each
     * supertype of the element, and never unloads them).
     */
    @Test
    void arraysOfClassesNotAdmittedMakeNoArrayClasses() throws Exception {
        MessageCodec receiver = Codecs.codec(MessageTypes.builtInOnly(), Codecs.nodeB());
        List<String> classes = classesOfKryo(200);
        for (String c : classes) { // the classes themselves are loaded (not initialized) to look for the marker
            assertThat(Codecs.decodeFailure(receiver, named(c))).isInstanceOf(UndecodableMessageException.class);
        }
        long before = classMetadataBytes();

        for (String c : classes) {
            for (int dims = 1; dims <= 8; dims++) {
                assertThat(Codecs.decodeFailure(receiver, named("[".repeat(dims) + "L" + c + ";")))
                        .isInstanceOf(UndecodableMessageException.class);
            }
        }

        // 200 classes × 8 dimensions would be at least 1,600 array classes, each several hundred bytes
        assertThat(classMetadataBytes() - before).as("class metadata made by naming arrays").isLessThan(256 * 1024);
    }

    /** An array of an admitted type still travels by name, up to the most dimensions, and one more is refused at the sender. */
    @Test
    void arraysOfAdmittedTypesTravelUpToTheMostDimensions() {
        MessageCodec sender = Codecs.codec(MessageTypes.builtInOnly(), Codecs.nodeA());
        MessageCodec receiver = Codecs.codec(MessageTypes.builtInOnly(), Codecs.nodeB());
        Object deepest = new Greeting[1][1][1][1][1][1][1][1];
        ((Greeting[][][][][][][][]) deepest)[0][0][0][0][0][0][0][0] = new Greeting("deep", null);

        byte[] bytes = sender.encode(deepest, null);
        Greeting[][][][][][][][] decoded = (Greeting[][][][][][][][]) receiver.decode(bytes, 0, bytes.length);

        assertThat(decoded[0][0][0][0][0][0][0][0]).isEqualTo(new Greeting("deep", null));
        assertThatThrownBy(() -> sender.encode(new Greeting[1][1][1][1][1][1][1][1][1], null))
                .isInstanceOf(ClassNotAdmittedException.class).hasMessageContaining("9 dimensions");
    }

    /** Names of up to {@code n} top-level classes of Kryo's jar: on the class path, neither built in nor marked. */
    private static List<String> classesOfKryo(int n) throws Exception {
        List<String> names = new ArrayList<>();
        try (var jar = new java.util.jar.JarFile(Kryo.class.getProtectionDomain().getCodeSource().getLocation().getPath())) {
            var entries = jar.entries();
            while (entries.hasMoreElements() && names.size() < n) {
                String e = entries.nextElement().getName();
                if (e.endsWith(".class") && !e.contains("$") && !e.contains("-") && e.startsWith("com/esotericsoftware/kryo/")) {
                    names.add(e.substring(0, e.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(50);
        return names;
    }

    private static long classMetadataBytes() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
