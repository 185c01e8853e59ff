package io.threadwire.bench;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import java.time.Duration;

/**
 * {@code threadwire-faults}: what a fault scenario of the test kit costs a test, end to end, for
 * each fault a user tests most: {@code cut} (disconnect, then heal), {@code one-way-cut} (then
 * heal), {@code freeze} (then thaw), {@code crash}, {@code restart}. One scenario is what a test
 * does: start a cluster of two nodes (heartbeat every {@value #HEARTBEAT_MS} ms, declared down
 * after {@value #TIMEOUT_MS} ms, the settings of {@code @ThreadwireCluster(heartbeat = "50ms")}),
 * register an echo thread on b, and from a thread of a watch b ({@code monitorNode}) and the echo
 * ({@code monitor}) and call it once (the connection is up); put the fault; receive the
 * {@code Down} and the {@code NodeDown}; lift it (heal, thaw, restart; not for {@code crash})
 * and call the echo again, which opens a new connection ({@code NodeUp}); close the cluster with
 * its checks. Per scenario:
 * <ul>
 *   <li>{@code threadwire-faults-<scenario>-p50}, {@code -p99} (us): the whole scenario, cluster
 *       start and close included.</li>
 *   <li>{@code threadwire-faults-<scenario>-detect-p50}, {@code -p99} (us): from the fault to the
 *       {@code Down} and the {@code NodeDown} received (the one-way cut and the freeze wait for
 *       the failure detector; the others are noticed by the socket).</li>
 * </ul>
 * 2 warm-ups of 3 scenarios, then 30 measured ({@code -Dbench.scenarios=}).
 */
final class FaultBench {
    static final long HEARTBEAT_MS = 50, TIMEOUT_MS = 250;

    private FaultBench() {
    }

    /** The scenarios, in the order they run. */
    enum Scenario {
        CUT("cut"), ONE_WAY_CUT("one-way-cut"), FREEZE("freeze"), CRASH("crash"), RESTART("restart");

        final String label;

        Scenario(String label) {
            this.label = label;
        }
    }

    /** What one scenario took: all of it, and from the fault to its Down and NodeDown. */
    private record Times(long wholeNanos, long detectNanos) {
    }

    static void run() throws Exception {
        int rounds = Integer.getInteger("bench.scenarios", 30);
        for (Scenario s : Scenario.values()) {
            String name = "threadwire-faults-" + s.label;
            long[][] detect = new long[1][];
            Measure.rtt(name, null, 3, rounds, n -> {
                long[] whole = new long[n];
                detect[0] = new long[n];
                for (int i = 0; i < n; i++) {
                    Times t = scenario(s);
                    whole[i] = t.wholeNanos();
                    detect[0][i] = t.detectNanos();
                }
                return whole;
            });
            Measure.percentiles(name + "-detect", detect[0]); // the measured run's: it ran last
        }
    }

    private static Times scenario(Scenario s) {
        long t0 = System.nanoTime();
        long detect;
        try (Cluster cluster = Cluster.of(2, b -> b.heartbeatInterval(Duration.ofMillis(HEARTBEAT_MS))
                .heartbeatTimeout(Duration.ofMillis(TIMEOUT_MS)).connectTimeout(Duration.ofSeconds(1))).start()) {
            Node a = cluster.node(0), b = cluster.node(1);
            RemoteThread echo = echo(b);
            detect = cluster.call(a, () -> {
                a.monitorNode(b.address());
                monitor(echo);
                expect("connected", sendSynchronous("connected", echo, RemoteBench.RUN_LIMIT));
                receive(NodeUp.class, RemoteBench.RUN_LIMIT);
                long fault = System.nanoTime();
                switch (s) {
                    case CUT -> cluster.disconnect(a, b);
                    case ONE_WAY_CUT -> cluster.cutOneWay(a, b);
                    case FREEZE -> cluster.freeze(b);
                    case CRASH, RESTART -> cluster.crash(b);
                }
                expect(ExitReason.NOCONNECTION, receive(Down.class, RemoteBench.RUN_LIMIT).reason());
                receive(NodeDown.class, RemoteBench.RUN_LIMIT);
                long detected = System.nanoTime() - fault;
                RemoteThread again = echo;
                switch (s) {
                    case CUT, ONE_WAY_CUT -> cluster.heal(a, b);
                    case FREEZE -> cluster.thaw(b);
                    case CRASH -> again = null;
                    case RESTART -> again = echo(cluster.restart(b));
                }
                if (again != null) {
                    expect("again", sendSynchronous("again", again, RemoteBench.RUN_LIMIT));
                    receive(NodeUp.class, RemoteBench.RUN_LIMIT);
                }
                return detected;
            });
        }
        return new Times(System.nanoTime() - t0, detect);
    }

    /** Registers "echo" on {@code node}: a thread that answers each call with its request. */
    private static RemoteThread echo(Node node) {
        node.registerRemoteThread(node.spawn(() -> {
            for (;;) {
                handleSynchronous(request -> request);
            }
        }), "echo");
        return node.remoteThread("echo");
    }

    private static void expect(Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected " + expected + ", got " + actual);
        }
    }
}
