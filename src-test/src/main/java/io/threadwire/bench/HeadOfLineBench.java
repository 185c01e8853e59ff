package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.bench.Msg.Data;
import io.threadwire.bench.Msg.Tick;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code threadwire-head-of-line}: small traffic on a connection that carries a stream of big
 * messages. A streamer thread of the driver's node sends 16 MiB {@code byte[]} messages to the
 * child's {@code bulk}, back to back, for the whole benchmark (each send waits while the
 * connection's outbound buffer is full). Once two have left, on the same connection:
 * <ul>
 *   <li>{@code threadwire-head-of-line-rtt-p50}, {@code -p99} (us): a pinger makes synchronous
 *       calls to the child's {@code echo}, one at a time, as {@code threadwire-remote-rtt}; 2
 *       warm-ups of 500, then 2,000 measured ({@code -Dbench.rounds=}).</li>
 *   <li>{@code threadwire-head-of-line-tick-late-p99}, {@code -max} (us): a ticker sends a small
 *       {@code Tick} to the child's {@code ticks} every {@value #TICK_MS} ms on a fixed schedule;
 *       the child notes the gap between arrivals, and a tick's lateness is its gap less
 *       {@value #TICK_MS} ms. It stands for the heartbeat, a small frame that must pass the
 *       stream as any small message does. Only the ticks that arrive once the measured calls
 *       have begun count, as only those calls do: the warm-ups' calls and ticks meet the JIT
 *       compiling the stream's path (a tick 100 ms late), and a tick every {@value #TICK_MS} ms
 *       gives a few hundred gaps in the measured calls' seconds, enough for a p99.</li>
 *   <li>{@code threadwire-head-of-line-stream} (MiB/s): what the stream moved meanwhile.</li>
 * </ul>
 */
final class HeadOfLineBench {
    private HeadOfLineBench() {
    }

    static final int BIG = 16 << 20;
    static final long TICK_MS = 10;

    static void run() throws Exception {
        try (ChildJvm child = new ChildJvm("threadwire"); Node node = Distributed.startNode(RemoteBench.config())) {
            RemoteThread bulk = Distributed.remoteThread("127.0.0.1", child.port, "bulk");
            RemoteThread echo = Distributed.remoteThread("127.0.0.1", child.port, "echo");
            RemoteThread ticks = Distributed.remoteThread("127.0.0.1", child.port, "ticks");
            LocalThread driver = self();
            byte[] big = new byte[BIG];
            new Random(42).nextBytes(big);
            AtomicBoolean streaming = new AtomicBoolean(true);
            AtomicLong streamed = new AtomicLong();
            CountDownLatch flowing = new CountDownLatch(2);
            node.spawn("streamer", () -> {
                while (streaming.get()) {
                    send(big, bulk);
                    streamed.addAndGet(BIG);
                    flowing.countDown();
                }
                send("streamer done", driver);
            });
            flowing.await();
            node.spawn("ticker", () -> {
                long next = System.nanoTime();
                for (long seq = 0; streaming.get(); seq++) {
                    next += Duration.ofMillis(TICK_MS).toNanos();
                    LockSupport.parkNanos(next - System.nanoTime()); // a fixed schedule: lateness does not add up
                    send(new Tick(seq), ticks);
                }
                send("ticker done", driver);
            });
            long bytes0 = streamed.get(), t0 = System.nanoTime();
            Measure.rtt("threadwire-head-of-line-rtt", null, 500, Integer.getInteger("bench.rounds", 2_000), rounds -> {
                sendSynchronous("reset", ticks, RemoteBench.RUN_LIMIT); // the last reset is as the measured calls begin
                node.spawn("pinger", () -> {
                    try {
                        long[] samples = new long[rounds];
                        for (int i = 0; i < rounds; i++) {
                            long t = System.nanoTime();
                            Object reply = sendSynchronous(new Data(i, Msg.TEXT), echo, RemoteBench.RUN_LIMIT);
                            samples[i] = System.nanoTime() - t;
                            if (!(reply instanceof Data d) || d.seq() != i) {
                                throw new IllegalStateException("round trip " + i + " came back as " + reply);
                            }
                        }
                        send(samples, driver);
                    } catch (Throwable t) {
                        send(t, driver);
                    }
                });
                Object outcome = receiveIf(m -> m instanceof long[] || m instanceof Throwable, RemoteBench.RUN_LIMIT);
                if (outcome instanceof Throwable t) {
                    throw new IllegalStateException("the pinger failed", t);
                }
                return (long[]) outcome;
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            Bench.result("threadwire-head-of-line-stream", (streamed.get() - bytes0) / seconds / (1 << 20), "MiB/s");
            streaming.set(false);
            receiveIf("streamer done"::equals, RemoteBench.RUN_LIMIT);
            receiveIf("ticker done"::equals, RemoteBench.RUN_LIMIT);
            long[] gaps = (long[]) sendSynchronous("gaps?", ticks, RemoteBench.RUN_LIMIT);
            if (gaps.length == 0) {
                throw new IllegalStateException("no tick arrived");
            }
            long interval = Duration.ofMillis(TICK_MS).toNanos();
            long[] late = Arrays.stream(gaps).map(g -> Math.max(0, g - interval)).sorted().toArray();
            Bench.log("%d ticks during the stream", gaps.length + 1);
            Bench.result("threadwire-head-of-line-tick-late-p99", Measure.percentile(late, 0.99) / 1e3, "us");
            Bench.result("threadwire-head-of-line-tick-late-max", late[late.length - 1] / 1e3, "us");
            Bench.log("driver node: %s", node.stats());
        }
    }
}
