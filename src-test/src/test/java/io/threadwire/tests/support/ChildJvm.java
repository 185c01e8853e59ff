package io.threadwire.tests.support;

import io.threadwire.samples.Main;
import io.threadwire.testkit.Timeouts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Another JVM for multi-process tests: {@code mainClass} run with this JVM's java and class path
 * and the cluster's secret in {@code THREADWIRE_SECRET} (so no {@code ~/.threadwire} is
 * needed). What it prints is kept, standard output by line and standard error apart, so that a
 * test waits for a line (at most {@link Timeouts#LONG}) instead of sleeping; every failure
 * message carries both. {@link #close} stops it if it still runs.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final String name;
    private final Writer in;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> lines = new ArrayList<>(); // standard output, guarded by lock
    private final StringBuilder errors = new StringBuilder(); // standard error, guarded by lock
    private int pumps; // readers of its output still running, guarded by lock
    private int consumed; // lines before this index were returned by awaitLine; only the test thread uses it

    public ChildJvm(Class<?> mainClass, String secret, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small and quick to start: these JVMs run a few nodes each, beside the test's own
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dkryo.unsafe=false"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("THREADWIRE_SECRET", secret);
        process = pb.start();
        name = mainClass.getSimpleName() + " " + String.join(" ", args) + " (pid " + process.pid() + ")";
        in = process.outputWriter(StandardCharsets.UTF_8);
        pump(process.getInputStream(), line -> lines.add(line), "out");
        pump(process.getErrorStream(), line -> errors.append(line).append('\n'), "err");
    }

    /** The samples' command line ({@code io.threadwire.samples.Main}) with {@code command}, e.g. "maggie-server 9200". */
    public static ChildJvm sample(String secret, String command) throws IOException {
        return new ChildJvm(Main.class, secret, command);
    }

    /**
     * Waits for the next line of standard output, after the one this method last returned, that
     * starts with {@code prefix}; returns what follows the prefix, trimmed.
     *
     * @throws AssertionError if no such line is printed within {@link Timeouts#LONG}
     */
    public String awaitLine(String prefix) {
        int[] found = {-1};
        awaitThat(() -> {
            List<String> now = lines();
            for (int i = consumed; i < now.size(); i++) {
                if (now.get(i).startsWith(prefix)) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        }, "it prints a line starting with '" + prefix + "'");
        consumed = found[0] + 1;
        return lines().get(found[0]).substring(prefix.length()).trim();
    }

    /**
     * Waits until {@code times} lines of standard output in all contain {@code fragment}.
     *
     * @throws AssertionError if they are not printed within {@link Timeouts#LONG}
     */
    public void await(String fragment, int times) {
        awaitThat(() -> count(fragment) >= times, "it prints '" + fragment + "'" + (times > 1 ? " " + times + " times" : ""));
    }

    /** As {@link #await(String, int)}, once. */
    public void await(String fragment) {
        await(fragment, 1);
    }

    /** How many lines of standard output so far contain {@code fragment}. */
    public long count(String fragment) {
        return lines().stream().filter(l -> l.contains(fragment)).count();
    }

    /** The lines of standard output so far. */
    public List<String> lines() {
        lock.lock();
        try {
            return List.copyOf(lines);
        } finally {
            lock.unlock();
        }
    }

    /** What it printed on standard error so far. */
    public String errors() {
        lock.lock();
        try {
            return errors.toString();
        } finally {
            lock.unlock();
        }
    }

    /** Everything it printed so far: standard output, then standard error; for failure messages. */
    public String output() {
        lock.lock();
        try {
            return "--- " + name + ", standard output:\n" + String.join("\n", lines) + "\n--- standard error:\n" + errors;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for it to exit by itself and returns its exit code, once its output has been read to
     * the end (so {@link #lines()} is then complete).
     *
     * @throws AssertionError if it still runs after {@link Timeouts#LONG}
     */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("gave up after " + Timeouts.LONG.toSeconds() + " s waiting until it exits\n" + output());
        }
        awaitThat(() -> !pumping(), "its output is read to the end");
        return process.exitValue();
    }

    /** Types {@code line} on its standard input, as a user would in its terminal. */
    public void type(String line) {
        try {
            in.write(line + "\n");
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot type into " + name, e);
        }
    }

    /** Stops it as Ctrl-C or a service manager would (SIGTERM) and waits until it has exited. */
    public void stop() throws InterruptedException {
        end(false);
    }

    /** Kills it (SIGKILL: no shutdown hook, no goodbye to its peers) and waits until it has exited. */
    public void kill() throws InterruptedException {
        end(true);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a POSIX signal (e.g. "STOP", "CONT", "KILL") to the child. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed");
        }
    }

    /**
     * Closes its standard input and stops it (SIGTERM) if it still runs; waits until it has
     * exited. Interrupted, it kills the child at once and keeps the interrupt.
     */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // it has exited already
        }
        try {
            if (process.isAlive()) {
                stop();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A free port of 127.0.0.1 for a child that must listen on a port given in advance, as a
     * sample's documented command does. Another program could take it before the child does;
     * where the child prints its address, prefer port 0.
     */
    public static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void end(boolean forcibly) throws InterruptedException {
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void awaitThat(BooleanSupplier condition, String what) {
        try {
            Timeouts.await(condition, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (exit " + (process.isAlive() ? "not yet" : process.exitValue())
                    + ")\n" + output(), e);
        }
    }

    private boolean pumping() {
        lock.lock();
        try {
            return pumps > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Reads {@code stream} to its end on a thread of its own, handing each line to {@code sink} under the lock. */
    private void pump(InputStream stream, Consumer<String> sink, String which) {
        lock.lock();
        try {
            pumps++;
        } finally {
            lock.unlock();
        }
        Thread.ofPlatform().daemon().name("child-" + process.pid() + "-" + which).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lock.lock();
                    try {
                        sink.accept(line);
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (IOException closed) {
                // the process is gone
            } finally {
                lock.lock();
                try {
                    pumps--;
                } finally {
                    lock.unlock();
                }
            }
        });
    }
}
