package io.threadwire.core;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.spawn;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM that {@link MillionParkedThreadsTest} starts with a small heap: spawns N threads (the
 * first argument), each waiting in {@code receive()}; once every one is parked, sends each its
 * own number, and checks that each got exactly that and ended.
 *
 * <p>stdout: {@code parked N heap BYTES seconds S} once all are parked (the heap in use after the
 * last collection; a full one would take longer than the rest of the run), then {@code done N seconds S}. Any failure ends the JVM with a stack trace on
 * stderr and a status other than 0.
 */
final class MillionParkedThreads {
    private MillionParkedThreads() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        Thread[] threads = new Thread[n];
        LocalThread[] handles = new LocalThread[n];
        CountDownLatch started = new CountDownLatch(n);
        AtomicInteger right = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Integer mine = i;
            handles[i] = spawn(() -> {
                threads[mine] = Thread.currentThread();
                started.countDown();
                if (mine.equals(receive())) {
                    right.incrementAndGet();
                }
            });
        }
        started.await();
        for (Thread t : threads) { // parked in receive, as far as the JDK can tell
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        long heap = heapAfterLastCollection();
        System.out.printf("parked %d heap %d seconds %.1f%n", n, heap, (System.nanoTime() - t0) / 1e9);
        System.out.flush();

        for (int i = 0; i < n; i++) {
            send(i, handles[i]);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (LocalThread h : handles) {
            if (h.isAlive()) {
                throw new AssertionError(h + " is still alive after its JDK thread ended");
            }
        }
        if (right.get() != n) {
            throw new AssertionError((n - right.get()) + " of " + n + " threads did not get their own number");
        }
        System.out.printf("done %d seconds %.1f%n", n, (System.nanoTime() - t0) / 1e9);
    }

    /** The heap in use after the last collection of each of its pools, in bytes. */
    private static long heapAfterLastCollection() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            used += afterGc == null ? 0 : afterGc.getUsed();
        }
        return used;
    }
}
