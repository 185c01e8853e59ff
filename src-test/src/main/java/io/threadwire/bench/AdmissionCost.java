package io.threadwire.bench;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Message;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * What admission by {@code @Message} costs against {@code register}: the same record (one long
 * and the string "hello", the remote benchmarks' {@code Data}) marked, travelling by class
 * name, and registered, travelling as a 4-byte id. Prints {@code RESULT <name> <value> <unit>}
 * lines: the encoded size of each, the time of an encode and of a decode by one codec (best of
 * {@code bench.runs} runs of {@code bench.n} messages), and the throughput of {@code bench.n}
 * messages between two nodes of this JVM over loopback.
 *
 * <pre>
 *   ./mvnw -q -pl src-test -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=/tmp/tw-cp.txt
 *   java -Xmx1g -cp src-test/target/classes:$(cat /tmp/tw-cp.txt) io.threadwire.bench.AdmissionCost
 * </pre>
 * A figure, not a test: nothing here asserts a speed.
 */
public final class AdmissionCost {
    private static final int N = Integer.getInteger("bench.n", 1_000_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    /** Admitted where it is declared. */
    @Message
    record MarkedData(long seq, String text) {
    }

    /** Admitted by registration on both nodes. */
    record RegisteredData(long seq, String text) {
    }

    private AdmissionCost() {
    }

    public static void main(String[] args) throws Exception {
        codec("marked", MessageTypes.builtInOnly(), seq -> new MarkedData(seq, Msg.TEXT));
        codec("registered", MessageTypes.builder().register(RegisteredData.class).build(),
                seq -> new RegisteredData(seq, Msg.TEXT));
        remote("marked", NodeConfig.builder(), seq -> new MarkedData(seq, Msg.TEXT));
        remote("registered", NodeConfig.builder().register(RegisteredData.class), seq -> new RegisteredData(seq, Msg.TEXT));
        System.exit(0);
    }

    private static void codec(String kind, MessageTypes types, LongFunction<Object> message) {
        NodeAddress here = new NodeAddress("127.0.0.1", 9);
        MessageCodec codec = new MessageCodec(types, 1 << 20, 100, new HandleResolver() {
            @Override
            public RemoteThread.ById export(LocalThread thread) {
                return new RemoteThread.ById(here, 1, thread.id());
            }

            @Override
            public ThreadRef resolve(RemoteThread.ById handle) {
                return handle;
            }
        });
        byte[][] encoded = new byte[N][];
        long bestEncode = Long.MAX_VALUE;
        long bestDecode = Long.MAX_VALUE;
        long sink = 0;
        for (int run = 0; run < RUNS + 2; run++) { // two warm-up runs
            long start = System.nanoTime();
            for (int i = 0; i < N; i++) {
                encoded[i] = codec.encode(message.apply(i), null);
            }
            long encode = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += codec.decode(encoded[i], 0, encoded[i].length).hashCode();
            }
            long decode = System.nanoTime() - start;
            if (run >= 2) {
                bestEncode = Math.min(bestEncode, encode);
                bestDecode = Math.min(bestDecode, decode);
            }
        }
        result("admission-" + kind + "-size", encoded[N - 1].length, "bytes");
        result("admission-" + kind + "-encode", bestEncode / (double) N, "ns");
        result("admission-" + kind + "-decode", bestDecode / (double) N, "ns");
        System.err.println("(checksum " + sink + ")");
    }

    /** N messages from a thread of one node to a thread of another, which acknowledges the last. */
    private static void remote(String kind, NodeConfig.Builder config, LongFunction<Object> message) throws Exception {
        try (Node a = Node.start(config.port(0).build()); Node b = Node.start(config.port(0).build())) {
            long best = Long.MAX_VALUE;
            for (int run = 0; run < RUNS + 2; run++) {
                LocalThread main = self();
                LocalThread counter = b.spawn(() -> {
                    for (int i = 0; i < N; i++) {
                        receive(PATIENCE);
                    }
                    send("done", main);
                });
                b.registerRemoteThread(counter, "counter");
                RemoteThread target = b.remoteThread("counter");
                long start = System.nanoTime();
                a.spawn(() -> {
                    for (int i = 0; i < N; i++) {
                        send(message.apply(i), target);
                    }
                });
                receive(String.class, PATIENCE);
                long nanos = System.nanoTime() - start;
                b.unregisterRemoteThread("counter");
                if (run >= 2) {
                    best = Math.min(best, nanos);
                }
            }
            result("admission-" + kind + "-remote-throughput", N * 1e9 / best, "msg/s");
        }
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.1f %s", name, value, unit));
    }
}
