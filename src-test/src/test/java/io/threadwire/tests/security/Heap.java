package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/**
 * What an attack costs the JVM's heap: the heap in use after a full GC before and after it,
 * and the bytes allocated while it ran (by every thread, virtual threads counted on their
 * carriers; the attacker's own allocations included, which the tests keep small).
 */
final class Heap {
    static final long MB = 1 << 20;

    private Heap() {
    }

    /** Figures of one attack. */
    record Report(String label, long before, long after, long allocated) {
        /** Asserts the heap in use grew by less than {@code maxGrowth} bytes. */
        Report assertRetainedBelow(long maxGrowth) {
            assertThat(after - before).as("heap in use after GC grew (%s)", this).isLessThan(maxGrowth);
            return this;
        }

        /** Asserts less than {@code max} bytes were allocated while the attack ran. */
        Report assertAllocatedBelow(long max) {
            assertThat(allocated).as("bytes allocated during the attack (%s)", this).isLessThan(max);
            return this;
        }

        @Override
        public String toString() {
            return String.format("%s: heap in use after GC %.1f MB -> %.1f MB (%+.1f MB), allocated during the attack %.1f MB",
                    label, before / (double) MB, after / (double) MB, (after - before) / (double) MB, allocated / (double) MB);
        }
    }

    /** An attack; may throw anything. */
    interface Attack {
        void run() throws Exception;
    }

    /** Runs {@code attack} between two heap measurements; prints and returns the figures. */
    static Report around(String label, Attack attack) throws Exception {
        long before = usedAfterGc();
        long allocatedBefore = allocated();
        attack.run();
        long allocated = allocated() - allocatedBefore;
        Report r = new Report(label, before, usedAfterGc(), allocated);
        System.out.println("[heap] " + r);
        return r;
    }

    static long usedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }
}
