package io.threadwire.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * The receiving JVM of a remote benchmark, as PROTOCOL.md lays it out: this JVM's java, flags
 * and class path, main {@code Bench child ROLE}. It prints {@code READY <port>} once its node
 * listens, and ends when its stdin closes ({@link #close}) or this JVM dies.
 */
final class ChildJvm implements AutoCloseable {
    /** The port the child's node listens on, at 127.0.0.1. */
    final int port;
    private final Process process;

    ChildJvm(String role) throws IOException {
        var flags = new java.util.ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        flags.addAll(BenchWire.childFlags());
        var cmd = Launcher.javaCommand(flags);
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
        Bench.log("child %s (pid %d) listening on 127.0.0.1:%d", role, process.pid(), port);
    }

    /** Closes the child's stdin, which ends it; waits for that, and kills it if it lingers. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            Bench.log("child pid %d did not exit; killing it", process.pid());
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * The child's side: starts the receiving node, prints {@code READY <port>}, and returns when
     * stdin closes. (The main thread must wait: a node's own threads are all daemon or virtual
     * threads, so they do not keep a JVM alive.)
     */
    static void serve(String role) throws Exception {
        Lifetime.exitAfter(Bench.CHILD_LIMIT_S, 3, "child " + role + " still running after " + Bench.CHILD_LIMIT_S + " s");
        int port = switch (role) {
            case "threadwire" -> Receiver.start();
            default -> throw new IllegalArgumentException("unknown child role " + role);
        };
        Bench.STDOUT.println("READY " + port);
        Bench.STDOUT.flush();
        long t0 = System.nanoTime(), cpu0 = Measure.cpuNanos();
        Lifetime.awaitEndOfInput();
        Bench.log("child %s: CPU %.2f s in its %.1f s since READY", role, (Measure.cpuNanos() - cpu0) / 1e9,
                (System.nanoTime() - t0) / 1e9);
    }
}
