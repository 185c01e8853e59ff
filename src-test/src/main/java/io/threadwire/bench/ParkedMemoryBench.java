package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.bench.Msg.Ping;
import io.threadwire.core.LocalThread;
import java.util.concurrent.CountDownLatch;

/**
 * {@code threadwire-parked-memory} (bytes/thread): the peers' {@code jdk-vt-parked-memory}
 * (PROTOCOL.md, benchmark 11) with threadwire's mailbox in place of a
 * {@code LinkedTransferQueue}. N = 200,000 threads ({@code -Dbench.n=}), each spawned and parked
 * in {@code receive()} on its own empty mailbox; the heap after collection with all of them
 * parked, minus the heap before, divided by N. The driver holds each thread's handle and its
 * {@code Thread} in two arrays, as the floor holds its threads and their queues.
 */
final class ParkedMemoryBench {
    private ParkedMemoryBench() {
    }

    static void run() throws Exception {
        int n = (int) Measure.n(200_000);
        long before = Measure.heapAfterGc();
        Thread[] threads = new Thread[n];
        LocalThread[] handles = new LocalThread[n];
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            handles[i] = spawn(() -> {
                threads[k] = Thread.currentThread();
                started.countDown();
                receive();
            });
        }
        started.await();
        for (Thread t : threads) { // every thread in receive() and parked, as the floor waits for take()
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        long after = Measure.heapAfterGc();
        Bench.result("threadwire-parked-memory", (after - before) / (double) n, "bytes/thread");
        for (LocalThread h : handles) {
            send(new Ping(0), h);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
