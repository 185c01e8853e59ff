package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.bench.Msg.Ack;
import io.threadwire.bench.Msg.Data;
import io.threadwire.bench.Msg.Hello;
import io.threadwire.bench.Msg.Tick;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * threadwire between two JVMs on 127.0.0.1: the driver's node and the child's node
 * ({@link Receiver}), with the default node settings but for the secret and the message types.
 * The driver reaches the child's threads by name.
 */
final class RemoteBench {
    private RemoteBench() {
    }

    /**
     * The cluster secret of both JVMs, so that nothing depends on {@code ~/.threadwire} or
     * {@code THREADWIRE_SECRET}. A system property, so the child (started with the driver's
     * flags) always gets the driver's.
     */
    static final String SECRET = System.getProperty("bench.secret", "threadwire-benchmark-secret-0123456789");
    /** Longest wait of the driver for one run's outcome. */
    static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    /** The nodes' settings; their frames protected as {@code -Dbench.wire} says ({@link BenchWire}). */
    static NodeConfig config() {
        return configBuilder().build();
    }

    /** {@link #config()}, before it is built, for a benchmark that adds a setting. */
    static NodeConfig.Builder configBuilder() {
        return BenchWire.apply(NodeConfig.builder())
                .host("127.0.0.1")
                .port(0)
                .secret(SECRET)
                .register(Data.class)
                .register(Ack.class)
                .register(Hello.class)
                .register(Tick.class);
    }

    // ---- driver ---------------------------------------------------------------------------------

    /**
     * {@code threadwire-remote-throughput}. The driver's main thread (sending through the JVM's
     * default node) sends {@code new Data(i, "hello")}, i = 0 … N−1, to {@code sink} by name,
     * taking a window credit before each; a thread of the driver's node receives the
     * {@code Ack}s and gives the credits back. Set-up, untimed: starting both nodes, and one
     * {@code Hello(ackThread)} to the sink, which also opens the connection. Timed: from the
     * first send until the {@code Ack} for the run's last message is in. Figure: msgs/s.
     *
     * <p>N = 8,000,000 by the protocol's rule for N, a measured run of 3 to 8 s on this
     * machine (Pekko's 1,200,000 take it 4 to 6 s). At Pekko's N a run here took 0.5 to 0.9 s,
     * and the JIT was still compiling both JVMs' hot paths in the measured runs.
     *
     * <p>Beyond the protocol, {@code threadwire-remote-throughput-cpu}: the CPU time both JVMs
     * spent on each run (the driver's own, and the child's, asked of its {@code memory} thread
     * before and after the run, untimed), divided by the run's messages; the median over the
     * measured runs, in ns per message. On a machine whose two cores the two JVMs keep busy,
     * this moves less from run to run than the rate does, which also depends on how the cores
     * are shared out.
     */
    static void throughput() throws Exception {
        try (ChildJvm child = new ChildJvm("threadwire"); Node node = Distributed.startNode(config())) {
            RemoteThread sink = Distributed.remoteThread("127.0.0.1", child.port, "sink");
            RemoteThread childMemory = Distributed.remoteThread("127.0.0.1", child.port, "memory");
            double[] cpuPerMessage = new double[Measure.WARMUPS + Measure.MEASURED];
            int[] runs = {0};
            Window window = new Window();
            LocalThread acks = node.spawn("acks", () -> {
                for (;;) {
                    window.acked(receive(Ack.class).count());
                }
            });
            send(new Hello(acks), sink);
            long[] sent = {0};
            Measure.throughput("threadwire-remote-throughput", "msgs/s", Measure.n(8_000_000), n -> {
                if (n % Window.ACK_EVERY != 0) {
                    throw new IllegalArgumentException("the message count must be a multiple of 10000: " + n);
                }
                long cpu0 = bothCpuNanos(childMemory);
                long t0 = System.nanoTime();
                for (long i = 0; i < n; i++) {
                    window.acquire();
                    send(new Data(i, Msg.TEXT), sink);
                }
                window.awaitAcked(sent[0] += n);
                long t = System.nanoTime() - t0;
                long cpu1 = bothCpuNanos(childMemory);
                cpuPerMessage[runs[0]++] = cpu0 < 0 || cpu1 < 0 ? -1 : (double) (cpu1 - cpu0) / n;
                return t;
            });
            Bench.log("driver node: %s; CPU of both JVMs per message, each run: %s ns", node.stats(),
                    Arrays.toString(Arrays.stream(cpuPerMessage).mapToLong(Math::round).toArray()));
            double cpu = Measure.median(Arrays.copyOfRange(cpuPerMessage, Measure.WARMUPS, cpuPerMessage.length));
            if (cpu >= 0) {
                Bench.result("threadwire-remote-throughput-cpu", cpu, "ns");
            }
        }
    }

    /** The CPU time the driver's JVM and the child's have used, in ns; -1 if either cannot tell. */
    private static long bothCpuNanos(RemoteThread childMemory) {
        long driver = Measure.cpuNanos();
        long child = childCpuNanos(childMemory);
        return driver < 0 || child < 0 ? -1 : driver + child;
    }

    /** The CPU time the child's JVM has used, in ns (-1 if it cannot tell), asked of its {@code memory} thread. */
    static long childCpuNanos(RemoteThread childMemory) {
        return (Long) sendSynchronous("cpu?", childMemory, RUN_LIMIT);
    }

    /**
     * {@code threadwire-remote-rtt}. Per run a pinger thread of the driver's node calls
     * {@code sendSynchronous(new Data(i, "hello"), echo)} one call at a time, timing each from
     * just before the call to its return, and checks that the reply is its own {@code Data}.
     * RTT rules: 2 warm-ups of 10,000, then 20,000 measured. Each call also monitors the echo for
     * its length (threadwire's call semantics), which costs two small control items per call.
     */
    static void rtt() throws Exception {
        roundTrips("threadwire-remote-rtt", "echo", echo -> { }, (data, echo) -> sendSynchronous(data, echo));
    }

    /**
     * {@code threadwire-remote-rtt-send}, beyond the protocol: as {@code threadwire-remote-rtt}
     * but with plain messages, to show what the synchronous call adds. Per run a fresh pinger
     * sends {@code Hello(self)} to the child's {@code echo-send} (untimed), then
     * {@code send(new Data(i, "hello"), echoSend)} and {@code receive()} of the same instance
     * sent back, one at a time. RTT rules.
     */
    static void rttSend() throws Exception {
        roundTrips("threadwire-remote-rtt-send", "echo-send", echo -> send(new Hello(self()), echo), (data, echo) -> {
            send(data, echo);
            return receive();
        });
    }

    /**
     * The RTT rules for {@code figure}: per run a fresh pinger thread of the driver's node runs
     * {@code setUp} (untimed), then {@code roundTrip(new Data(i, "hello"), echo)} one at a time
     * against the child's thread {@code echoName}, timing each and checking that its own
     * {@code Data} came back.
     */
    private static void roundTrips(String figure, String echoName, Consumer<RemoteThread> setUp,
                                   BiFunction<Data, RemoteThread, Object> roundTrip) throws Exception {
        try (ChildJvm child = new ChildJvm("threadwire"); Node node = Distributed.startNode(config())) {
            RemoteThread echo = Distributed.remoteThread("127.0.0.1", child.port, echoName);
            LocalThread driver = self();
            Measure.rtt(figure, "roundtrips/s", rounds -> {
                node.spawn("pinger", () -> {
                    try {
                        setUp.accept(echo);
                        long[] samples = new long[rounds];
                        for (int i = 0; i < rounds; i++) {
                            long t0 = System.nanoTime();
                            Object reply = roundTrip.apply(new Data(i, Msg.TEXT), echo); // the driver waits RUN_LIMIT
                            samples[i] = System.nanoTime() - t0;
                            if (!(reply instanceof Data d) || d.seq() != i) {
                                throw new IllegalStateException("round trip " + i + " came back as " + reply);
                            }
                        }
                        send(samples, driver);
                    } catch (Throwable t) {
                        send(t, driver);
                    }
                });
                Object outcome = receive(RUN_LIMIT);
                if (outcome instanceof Throwable t) {
                    throw new IllegalStateException("the pinger failed", t);
                }
                return (long[]) outcome;
            });
            Bench.log("driver node: %s", node.stats());
        }
    }
}
