package io.threadwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A mailbox keeps the fields a put touches, the fields the owner writes at every take, and
 * whatever the heap puts after it on different cache lines ({@link QueuePadding}), in the layout
 * the running JVM chose. Read through {@code sun.misc.Unsafe}, the one way to ask it; JDK 24 and
 * later print a warning that the method is deprecated.
 */
class MailboxLayoutTest {

    /** Two bytes this far apart or more are on different cache lines, wherever the object starts. */
    private static final int CACHE_LINE = 64;
    /** Written or read by every put. */
    private static final Set<String> PUT_SIDE = Set.of("tail", "waiter", "closed");
    /** Written by the owner at every take or spin. */
    private static final Set<String> OWNER_SIDE = Set.of("head", "woken", "spinMisses", "handoffMisses");

    /** A field of {@link Mailbox} where the JVM put it: bytes {@code first..last}. */
    private record Placed(String name, long first, long last) {
    }

    /**
     * Every instance field of {@link Mailbox} and its superclasses, where the JVM put it. Through
     * reflection: this module does not read {@code jdk.unsupported}, and the tests run on the class
     * path, where it is readable.
     */
    private static List<Placed> layout() throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        Object unsafe = theUnsafe.get(null);
        Method objectFieldOffset = unsafeClass.getMethod("objectFieldOffset", Field.class);
        int reference = (int) unsafeClass.getMethod("arrayIndexScale", Class.class).invoke(unsafe, Object[].class); // 4 or 8
        List<Placed> fields = new ArrayList<>();
        for (Class<?> c = Mailbox.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    long offset = (long) objectFieldOffset.invoke(unsafe, f);
                    int size = f.getType().isPrimitive() ? primitiveSize(f.getType()) : reference;
                    fields.add(new Placed(f.getName(), offset, offset + size - 1));
                }
            }
        }
        return fields;
    }

    private static int primitiveSize(Class<?> type) {
        if (type == byte.class || type == boolean.class) {
            return 1;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        return type == long.class || type == double.class ? 8 : 4;
    }

    private static List<Placed> named(List<Placed> fields, Set<String> names) {
        List<Placed> found = fields.stream().filter(f -> names.contains(f.name())).toList();
        assertThat(found).as("fields named %s", names).hasSize(names.size());
        return found;
    }

    @Test
    void aPutsFieldsAndTheOwnersAreOnDifferentCacheLines() throws ReflectiveOperationException {
        List<Placed> fields = layout();
        long lastOfPut = named(fields, PUT_SIDE).stream().mapToLong(Placed::last).max().orElseThrow();
        long firstOfOwner = named(fields, OWNER_SIDE).stream().mapToLong(Placed::first).min().orElseThrow();
        assertThat(firstOfOwner - lastOfPut)
                .as("from the last byte of a put's fields (%d) to the first of the owner's; layout %s", lastOfPut, fields)
                .isGreaterThanOrEqualTo(CACHE_LINE);
    }

    @Test
    void whatFollowsTheMailboxIsNotOnTheOwnersCacheLine() throws ReflectiveOperationException {
        List<Placed> fields = layout();
        long lastOfOwner = named(fields, OWNER_SIDE).stream().mapToLong(Placed::last).max().orElseThrow();
        long firstAfter = fields.stream().mapToLong(Placed::last).max().orElseThrow() + 1; // the object ends here or later
        assertThat(firstAfter - lastOfOwner)
                .as("from the last byte of the owner's fields (%d) to the end of its fields; layout %s", lastOfOwner, fields)
                .isGreaterThanOrEqualTo(CACHE_LINE);
    }
}
