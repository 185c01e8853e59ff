package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.bench.Msg.Ping;
import io.threadwire.core.LocalThread;

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
        Measure.Parked parked = Measure.parkThreads(n);
        long after = Measure.heapAfterGc();
        Bench.result("threadwire-parked-memory", (after - before) / (double) n, "bytes/thread");
        for (LocalThread h : parked.handles()) {
            send(new Ping(0), h);
        }
        for (Thread t : parked.threads()) {
            t.join();
        }
    }
}
