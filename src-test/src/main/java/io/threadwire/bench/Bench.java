package io.threadwire.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The threadwire side of the peer benchmarks: the same protocol, figure for figure, as
 * {@code /work/shared/bench-peers/PROTOCOL.md} (Pekko, KryoNet, sockets).
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
    private static final PrintStream STDOUT = System.out;

    static {
        System.setOut(System.err);
        // slf4j-simple logs to stderr: warnings, and threadwire's few connection notes (as the samples do)
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.threadwire", "info");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    /** Every benchmark, in the order {@code all} runs them. */
    static final List<String> ALL = List.of("threadwire-local-pingpong", "threadwire-local-throughput", "threadwire-spawn",
            "threadwire-remote-throughput", "threadwire-remote-rtt", "threadwire-remote-rtt-send");

    /** Warm-up runs, then measured runs (the median counts), of each throughput benchmark. */
    static final int WARMUPS = 2, MEASURED = Integer.getInteger("bench.runs", 3);
    /** Measured round trips of an RTT benchmark, and round trips of each of its warm-up runs. */
    static final int RTT_ROUNDS = Integer.getInteger("bench.rounds", 20_000);
    static final int RTT_WARMUP_ROUNDS = 10_000;
    /** Longest life of a driver (exit 2) and of a child (exit 3). */
    static final long DRIVER_LIMIT_S = 600, CHILD_LIMIT_S = 900;

    private Bench() {
    }

    public static void main(String[] args) {
        try {
            if (args.length == 2 && args[0].equals("child")) {
                child(args[1]);
                Runtime.getRuntime().halt(0); // its stdin closed: the driver is done, or gone
            }
            if (args.length == 2 && args[0].equals("driver")) {
                driver(args[1]);
                System.exit(0); // node and network threads would keep the JVM alive
            }
            System.exit(launch(args));
        } catch (Throwable t) {
            t.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    // ---- launcher -------------------------------------------------------------------------------

    /** Runs each named benchmark in a driver JVM of its own; 0 if every one printed its figures. */
    private static int launch(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (word.isEmpty() || word.equals("all") || word.equals("true")) { // -Dbench alone means "true"
                    continue;
                }
                if (word.startsWith("-D")) {
                    flags.add(word);
                } else if (ALL.contains(word)) {
                    names.add(word);
                } else {
                    log("unknown benchmark '%s'; the benchmarks are %s, or all", word, ALL);
                    return 2;
                }
            }
        }
        if (names.isEmpty()) {
            names.addAll(ALL);
        }
        log("java %s (%s), flags %s", System.getProperty("java.version"), System.getProperty("java.home"), flags);
        List<String> failed = new ArrayList<>();
        long started = System.nanoTime();
        for (String name : names) {
            long t0 = System.nanoTime();
            int results = runDriver(name, flags);
            log("%s: %d figures in %.0f s", name, results, (System.nanoTime() - t0) / 1e9);
            if (results == 0) {
                failed.add(name);
            }
        }
        log("all done in %.0f s%s", (System.nanoTime() - started) / 1e9, failed.isEmpty() ? "" : "; failed: " + failed);
        return failed.isEmpty() ? 0 : 1;
    }

    /**
     * Runs one driver JVM, passing its RESULT lines to our stdout; its stderr is ours. Returns
     * the number of RESULT lines, 0 if it failed.
     */
    private static int runDriver(String name, List<String> flags) throws Exception {
        List<String> cmd = javaCommand(flags);
        cmd.add("driver");
        cmd.add(name);
        // stdin stays a pipe that we hold open: when this JVM dies, the driver sees end of file and ends
        Process driver = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int results = 0;
        try (BufferedReader out = driver.inputReader()) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    STDOUT.println(line);
                    STDOUT.flush();
                    results++;
                } else {
                    System.err.println("[driver] " + line);
                }
            }
        }
        if (!driver.waitFor(DRIVER_LIMIT_S + 60, TimeUnit.SECONDS)) {
            log("%s: driver pid %d still running; killing it", name, driver.pid());
            driver.destroyForcibly().waitFor();
        }
        if (driver.exitValue() != 0) {
            log("%s failed (exit %d)", name, driver.exitValue());
            return 0;
        }
        return results;
    }

    /** {@code java <flags> -cp <our class path> io.threadwire.bench.Bench}, with this JVM's java. */
    private static List<String> javaCommand(List<String> flags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Bench.class.getName());
        return cmd;
    }

    // ---- driver ---------------------------------------------------------------------------------

    private static void driver(String name) throws Exception {
        exitAfter(DRIVER_LIMIT_S, 2, name + " did not finish in " + DRIVER_LIMIT_S + " s");
        exitOnEndOfInput();
        log("%s: java %s, flags %s", name, System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        switch (name) {
            case "threadwire-local-pingpong" -> LocalBench.pingPong();
            case "threadwire-local-throughput" -> LocalBench.throughput();
            case "threadwire-spawn" -> LocalBench.spawning();
            case "threadwire-remote-throughput" -> RemoteBench.throughput();
            case "threadwire-remote-rtt" -> RemoteBench.rtt();
            case "threadwire-remote-rtt-send" -> RemoteBench.rttSend();
            default -> throw new IllegalArgumentException("unknown benchmark " + name + "; the benchmarks are " + ALL);
        }
    }

    /** The message count of a throughput benchmark: {@code -Dbench.n=...} or the default. */
    static long n(long defaultN) {
        return Long.getLong("bench.n", defaultN);
    }

    /** Prints a figure: rates as integers, latencies (below 1000) with one decimal. */
    static void result(String name, double value, String unit) {
        String shown = value >= 1000 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        STDOUT.println("RESULT " + name + " " + shown + " " + unit);
        STDOUT.flush();
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
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
            log("%s warm-up %d: %d in %.2f s (%.0f %s)%s", name, i, warmN, t / 1e9, warmN * 1e9 / t, unit,
                    cpuNote(cpu0, t));
        }
        double[] rates = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long cpu0 = cpuNanos();
            long t = run.nanos(n);
            rates[i] = n * 1e9 / t;
            log("%s measured %d: %d in %.2f s (%.0f %s)%s", name, i + 1, n, t / 1e9, rates[i], unit, cpuNote(cpu0, t));
        }
        Arrays.sort(rates);
        result(name, rates[MEASURED / 2], unit);
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
        for (int i = 1; i <= WARMUPS; i++) {
            long t0 = System.nanoTime();
            run.nanos(RTT_WARMUP_ROUNDS);
            log("%s warm-up %d: %d round trips in %.2f s", name, i, RTT_WARMUP_ROUNDS, (System.nanoTime() - t0) / 1e9);
        }
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long[] samples = run.nanos(RTT_ROUNDS);
        long t = System.nanoTime() - t0;
        log("%s measured: %d round trips in %.2f s (mean %.1f us)%s", name, RTT_ROUNDS, t / 1e9, t / 1e3 / RTT_ROUNDS,
                cpuNote(cpu0, t));
        Arrays.sort(samples);
        if (rateUnit != null) {
            result(name, RTT_ROUNDS * 1e9 / t, rateUnit);
        }
        result(name + "-p50", percentile(samples, 0.50) / 1e3, "us");
        result(name + "-p99", percentile(samples, 0.99) / 1e3, "us");
    }

    /** CPU time this JVM has used so far (all its threads), or -1 if the JVM cannot tell. */
    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** ", this JVM busy 1.23 s = 1.5 cores" for a run that began at CPU time {@code cpu0} and took {@code wall} ns. */
    private static String cpuNote(long cpu0, long wall) {
        long cpu = cpuNanos() - cpu0;
        return cpu0 < 0 ? "" : String.format(Locale.ROOT, ", this JVM's CPU %.2f s = %.2f cores", cpu / 1e9, (double) cpu / wall);
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length - 1e-9) - 1)];
    }

    /** Ends this JVM after {@code seconds}, whatever it is doing. */
    private static void exitAfter(long seconds, int status, String why) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] " + why + "; ending the JVM");
            Runtime.getRuntime().halt(status);
        }, "bench-time-limit");
        t.setDaemon(true);
        t.start();
    }

    /** Ends this JVM (status 0) when its stdin reaches end of file: the parent closed it, or died. */
    private static void exitOnEndOfInput() {
        Thread t = new Thread(() -> {
            awaitEndOfInput();
            Runtime.getRuntime().halt(0);
        }, "bench-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Returns when stdin reaches end of file. */
    private static void awaitEndOfInput() {
        try {
            while (System.in.read() != -1) {
                // nobody writes; end of file is the signal
            }
        } catch (IOException ignored) {
            // as end of file
        }
    }

    // ---- the receiving JVM ----------------------------------------------------------------------

    /**
     * Starts the receiving node, prints {@code READY <port>}, and returns when stdin closes. (The
     * main thread must wait: a node's own threads are all daemon or virtual threads, so they do
     * not keep a JVM alive.)
     */
    private static void child(String role) throws Exception {
        exitAfter(CHILD_LIMIT_S, 3, "child " + role + " still running after " + CHILD_LIMIT_S + " s");
        int port = switch (role) {
            case "threadwire" -> RemoteBench.startReceiver();
            default -> throw new IllegalArgumentException("unknown child role " + role);
        };
        STDOUT.println("READY " + port);
        STDOUT.flush();
        long t0 = System.nanoTime(), cpu0 = cpuNanos();
        awaitEndOfInput();
        log("child %s: CPU %.2f s in its %.1f s since READY", role, (cpuNanos() - cpu0) / 1e9, (System.nanoTime() - t0) / 1e9);
    }

    /** The receiving JVM of a remote benchmark: this JVM's java, flags and class path. */
    static final class Child implements AutoCloseable {
        final int port;
        private final Process process;

        Child(String role) throws IOException {
            List<String> cmd = javaCommand(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("child");
            cmd.add(role);
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = process.inputReader();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
                System.err.println("[child] " + line);
            }
            if (line == null) {
                throw new IOException("the child (" + role + ") ended before it was ready");
            }
            port = Integer.parseInt(line.substring("READY ".length()).trim());
            Thread forward = new Thread(() -> {
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        System.err.println("[child] " + l);
                    }
                } catch (IOException ignored) {
                    // the child is gone
                }
            }, "bench-child-stdout");
            forward.setDaemon(true);
            forward.start();
            log("child %s (pid %d) listening on 127.0.0.1:%d", role, process.pid(), port);
        }

        long pid() {
            return process.pid();
        }

        /** Closes the child's stdin, which ends it; waits for that, and kills it if it lingers. */
        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                log("child pid %d did not exit; killing it", process.pid());
                process.destroyForcibly().waitFor();
            }
        }
    }
}
