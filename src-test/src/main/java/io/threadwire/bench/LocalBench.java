package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.bench.Msg.Ping;
import io.threadwire.core.LocalThread;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * threadwire in one JVM: spawned virtual threads and their mailboxes, no node.
 *
 * <p>Each run ends by a message to the driver's main thread (an adopted platform thread), the
 * counterpart of the {@code CompletableFuture} the Pekko benchmarks complete; a run that does
 * not end within {@link #RUN_LIMIT} fails the benchmark.
 */
final class LocalBench {
    private LocalBench() {
    }

    static final int PRODUCERS = 4;
    /** A producer takes window credits in blocks of this many messages. */
    static final int PRODUCER_BATCH = 1_000;
    /** Most children of the spawn benchmark that may be spawned and not yet have replied. */
    static final int SPAWN_WINDOW = 10_000;
    static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    /** Tells the driver that a run is over; carries the run's time when the run timed itself. */
    private record Done(long nanos) {
    }

    /** Ends a thread that waits for messages. */
    private record Stop() {
    }

    /**
     * {@code threadwire-local-pingpong}. Per run a fresh pinger and ponger, both spawned. The
     * ponger first learns whom to answer (threadwire has no implicit sender), then answers every
     * {@code Ping} with the same instance. Timed: the driver sends {@code Ping(1)} to the ponger;
     * the pinger, on {@code Ping(k)}, sends {@code new Ping(k + 1)} to the ponger, until
     * {@code Ping(N)} comes back and it tells the driver. Figure: N / time, round trips per second.
     */
    static void pingPong() throws Exception {
        LocalThread driver = self();
        Measure.throughput("threadwire-local-pingpong", "roundtrips/s", Measure.n(9_000_000), rounds -> {
            LocalThread ponger = spawn("ponger", () -> {
                LocalThread pinger = (LocalThread) receive();
                for (;;) {
                    if (receive() instanceof Ping p) {
                        send(p, pinger);
                    } else {
                        return;
                    }
                }
            });
            LocalThread pinger = spawn("pinger", () -> {
                for (;;) {
                    Ping p = (Ping) receive();
                    if (p.seq() == rounds) {
                        send(new Done(0), driver);
                        return;
                    }
                    send(new Ping(p.seq() + 1), ponger);
                }
            });
            send(pinger, ponger);
            long t0 = System.nanoTime();
            send(new Ping(1), ponger);
            receive(Done.class, RUN_LIMIT);
            long t = System.nanoTime() - t0;
            send(new Stop(), ponger);
            return t;
        });
    }

    /**
     * {@code threadwire-local-throughput}. Per run a fresh consumer (spawned) and 4 producer
     * platform threads, each sending N/4 {@code Ping}s, released together by a latch. Window, as
     * in pekko-local-throughput: a semaphore of 50,000 credits; each producer takes 1,000 before
     * each block of 1,000 sends; the consumer gives back 10,000 after every 10,000th message.
     * Timed: from releasing the producers until the consumer has counted N and told the driver.
     */
    static void throughput() throws Exception {
        LocalThread driver = self();
        Measure.throughput("threadwire-local-throughput", "msgs/s", Measure.n(40_000_000), n -> {
            if (n % (PRODUCERS * PRODUCER_BATCH) != 0) {
                throw new IllegalArgumentException("the message count must be a multiple of 4000: " + n);
            }
            Semaphore credits = new Semaphore(Window.SIZE);
            LocalThread consumer = spawn("consumer", () -> {
                for (long count = 1; count <= n; count++) {
                    receive();
                    if (count % Window.ACK_EVERY == 0) {
                        credits.release(Window.ACK_EVERY);
                    }
                }
                send(new Done(0), driver);
            });
            CountDownLatch go = new CountDownLatch(1);
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                long first = p * (n / PRODUCERS);
                producers[p] = new Thread(() -> {
                    try {
                        go.await();
                        for (long i = first; i < first + n / PRODUCERS; i++) {
                            if ((i - first) % PRODUCER_BATCH == 0 && !credits.tryAcquire(PRODUCER_BATCH, 60, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the consumer stalled");
                            }
                            send(new Ping(i), consumer);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "producer-" + p);
                producers[p].start();
            }
            long t0 = System.nanoTime();
            go.countDown();
            receive(Done.class, RUN_LIMIT);
            long t = System.nanoTime() - t0;
            for (Thread p : producers) {
                p.join();
            }
            return t;
        });
    }

    /**
     * {@code threadwire-spawn}: what starting a thread and getting a first message to it costs.
     * A child here is {@code spawn(() -> send(receive(), parent))}: it takes one message, sends
     * it back to its parent, and ends. Two measurements:
     * <ul>
     *   <li>{@code threadwire-spawn} (spawns/s): a spawned driver thread spawns N children one
     *       after another and sends child i {@code Ping(i)} right after spawning it; it keeps at
     *       most {@link #SPAWN_WINDOW} children outstanding (spawned, reply not yet taken),
     *       taking one reply before each further spawn. Timed from the first spawn until the
     *       driver thread holds all N replies; throughput rules (2 warm-ups of N/5, median of 3).
     *       One spawn here = spawn + first delivery + the child's run, reply and end, pipelined.</li>
     *   <li>{@code threadwire-spawn-p50}, {@code -p99} (us): one child at a time, timed from just
     *       before {@code spawn} to just after its reply is received; RTT rules (2 warm-ups of
     *       10,000, then 20,000 samples, nearest rank). The latency of a new thread's first
     *       message, with its wake-up and the reply's.</li>
     * </ul>
     */
    static void spawning() throws Exception {
        LocalThread driver = self();
        Measure.throughput("threadwire-spawn", "spawns/s", Measure.n(6_000_000), n -> {
            spawn("spawner", () -> {
                LocalThread me = self();
                Runnable child = () -> send(receive(), me);
                long outstanding = 0;
                long t0 = System.nanoTime();
                for (long i = 0; i < n; i++) {
                    if (outstanding == SPAWN_WINDOW) {
                        receive();
                        outstanding--;
                    }
                    send(new Ping(i), spawn(child));
                    outstanding++;
                }
                for (; outstanding > 0; outstanding--) {
                    receive();
                }
                send(new Done(System.nanoTime() - t0), driver);
            });
            return receive(Done.class, RUN_LIMIT).nanos();
        });
        Measure.rtt("threadwire-spawn", null, rounds -> {
            spawn("spawner", () -> {
                LocalThread me = self();
                Runnable child = () -> send(receive(), me);
                long[] samples = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    send(new Ping(i), spawn(child));
                    receive();
                    samples[i] = System.nanoTime() - t0;
                }
                send(samples, driver);
            });
            return receive(long[].class, RUN_LIMIT);
        });
    }
}
