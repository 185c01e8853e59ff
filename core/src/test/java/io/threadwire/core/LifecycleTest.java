package io.threadwire.core;

import static io.threadwire.core.Messaging.droppedMessageCount;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.spawn;
import static io.threadwire.core.Messaging.spawnLinked;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.spi.LocalThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a thread's end releases, and what live threads cost.
 *
 * <p>Release is measured as heap growth over many threads, after a full collection: a weak
 * reference to one ended thread is no use, because a carrier thread may keep the last virtual
 * thread it ran reachable for a while.
 */
class LifecycleTest {

    private static final long MB = 1024 * 1024;

    /**
     * Heap growth per thread below which nothing of an ended thread is kept. A thread kept whole
     * costs several hundred bytes; what is measured when nothing is kept is below one byte.
     */
    private static final double RELEASED = 64;

    /** A message sent to a thread that has ended is dropped and counted. */
    @Test
    void sendToEndedThreadIsDroppedAndCounted() {
        Scenario.run(s -> {
            LocalThread ended = s.spawn(() -> { });
            s.join(ended);
            assertThat(ended.isAlive()).isFalse();
            long before = droppedMessageCount();
            send("too late", ended);
            assertThat(droppedMessageCount()).isEqualTo(before + 1);
        });
    }

    /** A run of messages delivered to a thread that has ended is dropped whole, and each message counted. */
    @Test
    void runDeliveredToEndedThreadIsDroppedAndCounted() {
        Scenario.run(s -> {
            LocalThread ended = s.spawn(() -> { });
            s.join(ended);
            long before = droppedMessageCount();
            assertThat(LocalThreads.deliverAll(ended, new Object[] {"x", "too", "late", "y"}, 1, 3)).isFalse();
            assertThat(droppedMessageCount()).isEqualTo(before + 2);
        });
    }

    /**
     * Messages sent while their target ends are each taken by it or dropped and counted, however
     * the sends and the end interleave: two threads send to a thread until it has ended, which
     * takes a few messages and returns, so its mailbox closes under the sends. A put that lands
     * as the mailbox closes (its sender saw it open, then was put off the processor before it
     * linked its message, which holds every later message back from the close) was lost
     * uncounted, with every message behind it.
     */
    @Test
    void sendsRacingTheTargetsEndAreEachTakenOrCounted() {
        int rounds = 200;
        int takes = 50;
        Scenario.run(s -> {
            for (int round = 0; round < rounds; round++) {
                LocalThread target = s.spawn(() -> {
                    for (int i = 0; i < takes; i++) {
                        receive(LONG);
                    }
                });
                long before = droppedMessageCount();
                AtomicLong sent = new AtomicLong();
                List<Thread> senders = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    senders.add(Thread.ofPlatform().start(() -> {
                        long n = 0;
                        while (target.isAlive()) {
                            send(n, target);
                            n++;
                        }
                        sent.addAndGet(n);
                    }));
                }
                for (Thread t : senders) {
                    t.join();
                }
                s.join(target);
                // At least: a message dropped by another test's leftover (a timer) may count here too.
                assertThat(droppedMessageCount() - before)
                        .as("messages counted dropped in round %d, of %d sent to a thread that took %d", round, sent.get(), takes)
                        .isGreaterThanOrEqualTo(sent.get() - takes);
            }
        });
    }

    /** A thread's mailbox is released when it ends: a million short-lived threads leave the heap as it was. */
    @Test
    void endedThreadsReleaseTheirMailboxes() {
        int threads = 1_000_000;
        Scenario.run(s -> {
            double perThread = heapGrowthPerThread("short-lived threads", threads, () -> spawn(() -> receive(LONG)));
            assertThat(perThread * threads).as("heap growth in bytes").isLessThan(256 * MB);
        });
    }

    /** A link is released when one of its threads ends: a parent keeps nothing of its ended linked children. */
    @Test
    void linkIsReleasedWhenOneEnds() {
        Scenario.run(s -> {
            double perThread = heapGrowthPerThread("ended linked children", 100_000,
                    () -> spawnLinked(() -> receive(LONG)));
            assertThat(perThread).as("heap growth per child in bytes").isLessThan(RELEASED);
        });
    }

    /** A monitor is released when its watcher ends: the monitored thread keeps nothing of ended watchers. */
    @Test
    void monitorIsReleasedWhenItsWatcherEnds() {
        Scenario.run(s -> {
            LocalThread me = self();
            double perThread = heapGrowthPerThread("ended watchers of a living thread", 100_000, () -> spawn(() -> {
                monitor(me); // never removed: the watcher just ends
                receive(LONG);
            }));
            assertThat(perThread).as("heap growth per watcher in bytes").isLessThan(RELEASED);
        });
    }

    /** A monitor that has fired is released: the watcher keeps nothing of the ended threads it monitored. */
    @Test
    void firedMonitorIsReleased() {
        Scenario.run(s -> {
            // heapGrowthPerThread monitors each thread itself and receives its Down.
            double perThread = heapGrowthPerThread("ended monitored threads", 100_000, () -> spawn(() -> receive(LONG)));
            assertThat(perThread).as("heap growth per monitored thread in bytes").isLessThan(RELEASED);
        });
    }

    /** 100,000 threads can wait in receive at once, holding no carrier thread and little heap, and each then gets its message. */
    @Test
    void manyParkedReceivesAreCheap() {
        int threads = 100_000;
        Scenario.run(s -> {
            LocalThread me = self();
            long before = usedHeapAfterGc();
            List<LocalThread> waiting = new ArrayList<>(threads);
            int released = 0; // threads sent their message so far
            try {
                for (int i = 0; i < threads; i++) {
                    LocalThread t = spawn(() -> {
                        send("waiting", me);
                        // No timeout: how long the first one waits grows with the load on the
                        // machine. The finally below makes sure each gets a message.
                        send(receive(), me);
                    });
                    monitor(t); // it ends only after its message
                    waiting.add(t);
                }
                for (int i = 0; i < threads; i++) {
                    assertThat(receive(String.class, LONG)).isEqualTo("waiting");
                }
                long parked = usedHeapAfterGc() - before;
                int carriers = carrierThreads();
                System.out.printf("[LifecycleTest] %,d threads in receive: %,d KB of heap (%.0f bytes/thread), %d carrier threads%n",
                        threads, parked / 1024, (double) parked / threads, carriers);
                assertThat(parked).as("heap held by the parked threads, in bytes").isLessThan(1024 * MB);
                // The scheduler runs one carrier per core, plus a few it may add while a thread writes
                // to stderr. Were a parked receive to hold its carrier, the 100,000 could not all have
                // come this far, and the scheduler would be at its maximum of 256 carriers.
                assertThat(carriers).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() + 16);

                for (; released < threads; released++) {
                    send(released, waiting.get(released));
                }
                // Each sends its message back, then ends (a Down). Take both kinds in arrival order: a
                // selective receive would scan the Downs passed over again each time, 100,000 times.
                long sum = 0;
                int downs = 0;
                for (int i = 0; i < 2 * threads; i++) {
                    switch (receive(LONG)) {
                        case Integer n -> sum += n;
                        case Down down when down.reason().isNormal() -> downs++;
                        case Object other -> throw new AssertionError("unexpected message: " + other);
                    }
                }
                assertThat(downs).isEqualTo(threads);
                assertThat(sum).as("each got its own message").isEqualTo((long) threads * (threads - 1) / 2);
            } finally {
                for (int i = released; i < waiting.size(); i++) {
                    send("end", waiting.get(i)); // the test failed: let the rest end all the same
                }
            }
        });
    }

    /**
     * Starts {@code count} threads with {@code start}, each of which must end normally on its
     * first message; monitors each, sends it that message and waits for its Down, a batch at a
     * time so that few live at once. Returns the heap growth per thread after a full collection,
     * and prints it.
     */
    private static double heapGrowthPerThread(String what, int count, Supplier<LocalThread> start) {
        int batch = 10_000;
        long before = usedHeapAfterGc();
        for (int done = 0; done < count; done += batch) {
            for (int i = 0; i < batch; i++) {
                LocalThread t = start.get();
                monitor(t); // t waits for the message below, so the monitor is in place before it ends
                send("stop", t);
            }
            for (int i = 0; i < batch; i++) {
                Down down = receive(Down.class, LONG);
                if (!down.reason().isNormal()) {
                    throw new AssertionError("a short-lived thread failed: " + down);
                }
            }
        }
        long growth = usedHeapAfterGc() - before;
        double perThread = (double) growth / count;
        System.out.printf("[LifecycleTest] heap growth after %,d %s: %,d KB (%.1f bytes/thread)%n",
                count, what, growth / 1024, perThread);
        return perThread;
    }

    /** Heap in use after a full collection (what {@code System.gc()} does by default). */
    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static final Pattern CARRIER = Pattern.compile("ForkJoinPool-\\d+-worker-\\d+");

    /** The platform threads that carry virtual threads (the default scheduler's workers). */
    private static int carrierThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> CARRIER.matcher(t.getName()).matches())
                .count();
    }
}
