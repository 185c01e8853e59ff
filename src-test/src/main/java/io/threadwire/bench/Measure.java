package io.threadwire.bench;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.spawn;

import io.threadwire.core.LocalThread;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The measuring rules of PROTOCOL.md: warm-ups, measured runs, medians, nearest-rank
 * percentiles, and the heap after a collection for the memory figures.
 */
final class Measure {
    private Measure() {
    }

    /** Warm-up runs, then measured runs (the median counts), of each throughput benchmark. */
    static final int WARMUPS = 2, MEASURED = Integer.getInteger("bench.runs", 3);
    /** Measured round trips of an RTT benchmark, and round trips of each of its warm-up runs. */
    static final int RTT_ROUNDS = Integer.getInteger("bench.rounds", 20_000);
    static final int RTT_WARMUP_ROUNDS = 10_000;

    /** The message count of a throughput benchmark: {@code -Dbench.n=...} or the default. */
    static long n(long defaultN) {
        return Long.getLong("bench.n", defaultN);
    }

    /** One run of a throughput benchmark: moves {@code n} messages and returns its timed nanoseconds. */
    interface Run {
        long nanos(long n) throws Exception;
    }

    /**
     * {@link #WARMUPS} runs of n/5 (rounded down to whole acknowledgement blocks), then
     * {@link #MEASURED} runs of n; prints the median of the measured rates.
     */
    static void throughput(String name, String unit, long n, Run run) throws Exception {
        long warmN = Math.max(Window.ACK_EVERY, n / 5 / Window.ACK_EVERY * Window.ACK_EVERY);
        for (int i = 1; i <= WARMUPS; i++) {
            long cpu0 = cpuNanos();
            long t = run.nanos(warmN);
            Bench.log("%s warm-up %d: %d in %.2f s (%.0f %s)%s", name, i, warmN, t / 1e9, warmN * 1e9 / t, unit,
                    cpuNote(cpu0, t));
        }
        double[] rates = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long cpu0 = cpuNanos();
            long t = run.nanos(n);
            rates[i] = n * 1e9 / t;
            Bench.log("%s measured %d: %d in %.2f s (%.0f %s)%s", name, i + 1, n, t / 1e9, rates[i], unit, cpuNote(cpu0, t));
        }
        Arrays.sort(rates);
        Bench.result(name, rates[MEASURED / 2], unit);
    }

    /** One run of an RTT benchmark: {@code rounds} round trips, one at a time; returns each one's nanoseconds. */
    interface RoundTrips {
        long[] nanos(int rounds) throws Exception;
    }

    /**
     * {@link #WARMUPS} runs of {@link #RTT_WARMUP_ROUNDS}, then one of {@link #RTT_ROUNDS};
     * prints round trips per second (when {@code rateUnit} is not null) and the p50 and p99.
     */
    static void rtt(String name, String rateUnit, RoundTrips run) throws Exception {
        rtt(name, rateUnit, RTT_WARMUP_ROUNDS, RTT_ROUNDS, run);
    }

    /** As {@link #rtt(String, String, RoundTrips)} with other sizes, for benchmarks whose rounds are slow. */
    static void rtt(String name, String rateUnit, int warmupRounds, int rounds, RoundTrips run) throws Exception {
        for (int i = 1; i <= WARMUPS; i++) {
            long t0 = System.nanoTime();
            run.nanos(warmupRounds);
            Bench.log("%s warm-up %d: %d round trips in %.2f s", name, i, warmupRounds, (System.nanoTime() - t0) / 1e9);
        }
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long[] samples = run.nanos(rounds);
        long t = System.nanoTime() - t0;
        Bench.log("%s measured: %d round trips in %.2f s (mean %.1f us)%s", name, rounds, t / 1e9, t / 1e3 / rounds,
                cpuNote(cpu0, t));
        if (rateUnit != null) {
            Bench.result(name, rounds * 1e9 / t, rateUnit);
        }
        percentiles(name, samples);
    }

    /** Prints {@code name-p50} and {@code name-p99} of nanosecond samples, in microseconds; sorts them. */
    static void percentiles(String name, long[] samples) {
        Arrays.sort(samples);
        Bench.result(name + "-p50", percentile(samples, 0.50) / 1e3, "us");
        Bench.result(name + "-p99", percentile(samples, 0.99) / 1e3, "us");
    }

    /** The median of {@code values} (the middle one of an odd count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length - 1e-9) - 1)];
    }

    /** CPU time this JVM has used so far (all its threads), or -1 if the JVM cannot tell. */
    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** ", this JVM's CPU 1.23 s = 1.5 cores" for a run that began at CPU time {@code cpu0} and took {@code wall} ns. */
    private static String cpuNote(long cpu0, long wall) {
        long cpu = cpuNanos() - cpu0;
        return cpu0 < 0 ? "" : String.format(Locale.ROOT, ", this JVM's CPU %.2f s = %.2f cores", cpu / 1e9, (double) cpu / wall);
    }

    /**
     * Heap in use after three collections, as the peers' {@code jdk-vt-parked-memory} measures
     * it (PROTOCOL.md, benchmark 11): {@code System.gc()} and a pause of 100 ms, three times.
     */
    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // the floor's method, kept identical: lets concurrent GC work settle
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Threads parked in {@code receive()}: their handles and their {@code Thread}s. */
    record Parked(LocalThread[] handles, Thread[] threads) {
    }

    /**
     * Spawns {@code n} threads of the calling thread's node that wait in {@code receive()} until
     * sent a message; returns once every one is parked there.
     */
    static Parked parkThreads(int n) throws InterruptedException {
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
        return new Parked(handles, threads);
    }

    /** Bytes of direct and mapped buffers in use (KryoNet's socket buffers may live there). */
    static long bufferPools() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
