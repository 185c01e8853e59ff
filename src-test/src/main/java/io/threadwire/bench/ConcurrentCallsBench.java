package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.bench.Msg.Data;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Many callers, one server: {@value #CALLERS} threads each make synchronous calls to one server
 * thread at the same time, the way many request handlers share one {@code gen_server}.
 * <ul>
 *   <li>{@code threadwire-calls-10k} (calls/s, and {@code -p50}, {@code -p99} in us): in one
 *       JVM; the server is a spawned thread that answers each request with the {@code Data} it
 *       carried. N = 1,000,000 calls.</li>
 *   <li>{@code threadwire-remote-calls-10k}: the callers are threads of the driver's node; the
 *       server is the child JVM's {@code echo}, reached by name, over the one connection.
 *       N = 200,000 calls.</li>
 * </ul>
 * Per run: {@value #CALLERS} fresh caller threads are spawned and wait for a latch (untimed);
 * then each makes N / {@value #CALLERS} calls, one at a time, {@code sendSynchronous(new
 * Data(i, "hello"), server)}, timing each, and reports its samples to the driver. Timed: from
 * opening the latch until the driver holds every caller's report. Throughput rules (2 warm-ups
 * of N/5, the median of 3 measured runs of N; N a multiple of 10,000); the percentiles are those
 * of every call of the last measured run.
 */
final class ConcurrentCallsBench {
    private ConcurrentCallsBench() {
    }

    static final int CALLERS = 10_000;

    static void local() throws Exception {
        LocalThread server = spawn("server", () -> {
            for (;;) {
                if (receive() instanceof Synchronous request) {
                    replySynchronous(request.data(), request);
                } else {
                    return;
                }
            }
        });
        measure("threadwire-calls-10k", Measure.n(1_000_000), server, body -> spawn(body));
        send("stop", server);
    }

    static void remote() throws Exception {
        try (ChildJvm child = new ChildJvm("threadwire"); Node node = Distributed.startNode(RemoteBench.config())) {
            ThreadRef echo = Distributed.remoteThread("127.0.0.1", child.port, "echo");
            sendSynchronous(new Data(-1, Msg.TEXT), echo); // opens the connection: set-up, untimed
            measure("threadwire-remote-calls-10k", Measure.n(200_000), echo, node::spawn);
            Bench.log("driver node: %s", node.stats());
        }
    }

    private static void measure(String name, long n, ThreadRef server, Function<Runnable, LocalThread> spawner)
            throws Exception {
        LocalThread driver = self();
        long[][] lastRun = new long[1][];
        Measure.throughput(name, "calls/s", n, calls -> {
            if (calls % CALLERS != 0) {
                throw new IllegalArgumentException("the number of calls must be a multiple of " + CALLERS + ": " + calls);
            }
            int each = (int) (calls / CALLERS);
            CountDownLatch go = new CountDownLatch(1);
            for (int c = 0; c < CALLERS; c++) {
                spawner.apply(() -> {
                    long[] samples = new long[each];
                    try {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            long t0 = System.nanoTime();
                            Object reply = sendSynchronous(new Data(i, Msg.TEXT), server, RemoteBench.RUN_LIMIT);
                            samples[i] = System.nanoTime() - t0;
                            if (!(reply instanceof Data d) || d.seq() != i) {
                                throw new IllegalStateException("call " + i + " came back as " + reply);
                            }
                        }
                        send(samples, driver);
                    } catch (Throwable t) {
                        send(t, driver);
                    }
                });
            }
            long[] all = new long[(int) calls];
            long t0 = System.nanoTime();
            go.countDown();
            for (int c = 0; c < CALLERS; c++) {
                Object report = receive(RemoteBench.RUN_LIMIT);
                if (report instanceof Throwable t) {
                    throw new IllegalStateException("a caller failed", t);
                }
                System.arraycopy((long[]) report, 0, all, c * each, each);
            }
            long t = System.nanoTime() - t0;
            lastRun[0] = all;
            return t;
        });
        Measure.percentiles(name, lastRun[0]);
    }
}
