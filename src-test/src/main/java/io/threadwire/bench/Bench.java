package io.threadwire.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * The threadwire side of the peer benchmarks: the same protocol, figure for figure, as
 * {@code PROTOCOL.md} of the peer benchmarks (Pekko, KryoNet, sockets, the JDK's floors), and
 * a few figures beyond it.
 *
 * <p>Three kinds of process run this class:
 * <pre>
 *   Bench [NAME | all | -Dkey=value]...   launcher: runs each benchmark in a fresh driver JVM, one after another
 *   Bench driver NAME                     one benchmark; prints its RESULT lines (started by the launcher)
 *   Bench child ROLE                      the receiving JVM of a remote benchmark (started by its driver)
 * </pre>
 * A launcher argument may hold several words separated by spaces (Maven passes
 * {@code -Dbench="..."} as one); words of the form {@code -Dkey=value} become flags of the
 * driver JVMs (and so of their children), e.g. {@code -Dbench.n=1000000}.
 *
 * <p>Output: stdout carries only {@code RESULT <name> <value> <unit>} lines (and, in a child,
 * its {@code READY <port>} line); progress and library logging go to stderr. Every JVM is
 * bounded in time: a driver ends itself after {@link #DRIVER_LIMIT_S}, a child after
 * {@link #CHILD_LIMIT_S} or as soon as its stdin closes, and a driver also ends when its
 * launcher's pipe on its stdin closes, so nothing outlives a killed run for long.
 */
public final class Bench {
    /** The real stdout; System.out is pointed at stderr so that nothing but RESULT lines reaches it. */
    static final PrintStream STDOUT = System.out;

    static {
        System.setOut(System.err);
        // slf4j-simple logs to stderr: warnings, and threadwire's few connection notes (as the samples do)
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.threadwire", "info");
        // the test kit notes every fault of threadwire-faults at INFO: thousands of lines
        System.setProperty("org.slf4j.simpleLogger.log.io.threadwire.testkit", "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    /** Every benchmark, in the order {@code all} runs them. */
    static final List<String> ALL = List.of("threadwire-local-pingpong", "threadwire-local-throughput", "threadwire-spawn",
            "threadwire-parked-memory", "threadwire-calls-10k", "threadwire-remote-throughput", "threadwire-remote-rtt",
            "threadwire-remote-rtt-send", "threadwire-remote-calls-10k", "threadwire-connect",
            "threadwire-idle-connection-memory", "threadwire-idle-cpu", "threadwire-head-of-line", "threadwire-faults", "threadwire-cluster-mesh",
            "threadwire-cluster-group-change", "threadwire-cluster-members-read", "threadwire-cluster-group-broadcast");

    /** Longest life of a driver (exit 2) and of a child (exit 3). */
    static final long DRIVER_LIMIT_S = 600, CHILD_LIMIT_S = 900;

    private Bench() {
    }

    public static void main(String[] args) {
        try {
            if (args.length == 2 && args[0].equals("child")) {
                ChildJvm.serve(args[1]);
                Runtime.getRuntime().halt(0); // its stdin closed: the driver is done, or gone
            }
            if (args.length == 2 && args[0].equals("driver")) {
                driver(args[1]);
                System.exit(0); // node and network threads would keep the JVM alive
            }
            System.exit(Launcher.launch(args));
        } catch (Throwable t) {
            t.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void driver(String name) throws Exception {
        Lifetime.exitAfter(DRIVER_LIMIT_S, 2, name + " did not finish in " + DRIVER_LIMIT_S + " s");
        Lifetime.exitOnEndOfInput();
        log("%s: java %s, flags %s", name, System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        switch (name) {
            case "threadwire-local-pingpong" -> LocalBench.pingPong();
            case "threadwire-local-throughput" -> LocalBench.throughput();
            case "threadwire-spawn" -> LocalBench.spawning();
            case "threadwire-parked-memory" -> ParkedMemoryBench.run();
            case "threadwire-calls-10k" -> ConcurrentCallsBench.local();
            case "threadwire-remote-throughput" -> RemoteBench.throughput();
            case "threadwire-remote-rtt" -> RemoteBench.rtt();
            case "threadwire-remote-rtt-send" -> RemoteBench.rttSend();
            case "threadwire-remote-calls-10k" -> ConcurrentCallsBench.remote();
            case "threadwire-connect" -> ConnectionBench.setUp();
            case "threadwire-idle-connection-memory" -> ConnectionBench.idleMemory();
            case "threadwire-idle-cpu" -> ConnectionBench.idleCpu();
            case "threadwire-head-of-line" -> HeadOfLineBench.run();
            case "threadwire-faults" -> FaultBench.run();
            case "threadwire-cluster-mesh" -> ClusterBench.mesh();
            case "threadwire-cluster-group-change" -> ClusterBench.groupChange();
            case "threadwire-cluster-members-read" -> ClusterBench.membersRead();
            case "threadwire-cluster-group-broadcast" -> ClusterBench.groupBroadcast();
            default -> throw new IllegalArgumentException("unknown benchmark " + name + "; the benchmarks are " + ALL);
        }
    }

    /** Prints a figure: values from 1000 up as integers, smaller ones (latencies, ratios) with one decimal. */
    static void result(String name, double value, String unit) {
        String shown = value >= 1000 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        STDOUT.println("RESULT " + name + " " + shown + " " + unit);
        STDOUT.flush();
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
