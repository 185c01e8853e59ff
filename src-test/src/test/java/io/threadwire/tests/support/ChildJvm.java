package io.threadwire.tests.support;

import io.threadwire.testkit.Timeouts;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A second JVM running {@code mainClass} with this JVM's java and class path, for multi-process tests. */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    public ChildJvm(Class<?> mainClass, String secret, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-Dkryo.unsafe=false");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("THREADWIRE_SECRET", secret);
        process = pb.start();
        out = process.inputReader();
    }

    /** The next line the child printed on stdout starting with {@code prefix} (what follows it). */
    public String awaitLine(String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IOException("the child JVM exited before printing '" + prefix + "' (exit " + exitCodeOrRunning() + ")");
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Sends a POSIX signal (e.g. "STOP", "CONT", "KILL") to the child. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed");
        }
    }

    private String exitCodeOrRunning() {
        return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
    }

    /** Closes its stdin (it then exits), and kills it if it has not exited within {@link Timeouts#LONG}. */
    @Override
    public void close() throws Exception {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
