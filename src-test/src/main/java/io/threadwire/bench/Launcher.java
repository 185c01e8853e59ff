package io.threadwire.bench;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code Bench [NAME | all | -Dkey=value]...}: runs each named benchmark in a fresh driver JVM
 * of its own, one after another, with this JVM's java and class path. A word of the form
 * {@code -Dkey=value} becomes a flag of the driver JVMs (and so of their children).
 */
final class Launcher {
    private Launcher() {
    }

    /** Runs the benchmarks {@code args} name; 0 if every one printed its figures, 1 if not, 2 on an unknown name. */
    static int launch(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (word.isEmpty() || word.equals("all") || word.equals("true")) { // -Dbench alone means "true"
                    continue;
                }
                if (word.startsWith("-D")) {
                    flags.add(word);
                } else if (Bench.ALL.contains(word)) {
                    names.add(word);
                } else {
                    Bench.log("unknown benchmark '%s'; the benchmarks are %s, or all", word, Bench.ALL);
                    return 2;
                }
            }
        }
        if (names.isEmpty()) {
            names.addAll(Bench.ALL);
        }
        Bench.log("java %s (%s), flags %s", System.getProperty("java.version"), System.getProperty("java.home"), flags);
        List<String> failed = new ArrayList<>();
        long started = System.nanoTime();
        for (String name : names) {
            long t0 = System.nanoTime();
            int results = runDriver(name, flags);
            Bench.log("%s: %d figures in %.0f s", name, results, (System.nanoTime() - t0) / 1e9);
            if (results == 0) {
                failed.add(name);
            }
        }
        Bench.log("all done in %.0f s%s", (System.nanoTime() - started) / 1e9, failed.isEmpty() ? "" : "; failed: " + failed);
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
                    Bench.STDOUT.println(line);
                    Bench.STDOUT.flush();
                    results++;
                } else {
                    System.err.println("[driver] " + line);
                }
            }
        }
        if (!driver.waitFor(Bench.DRIVER_LIMIT_S + 60, TimeUnit.SECONDS)) {
            Bench.log("%s: driver pid %d still running; killing it", name, driver.pid());
            driver.destroyForcibly().waitFor();
        }
        if (driver.exitValue() != 0) {
            Bench.log("%s failed (exit %d)", name, driver.exitValue());
            return 0;
        }
        return results;
    }

    /**
     * {@code java <flags> -cp <our class path> io.threadwire.bench.Bench}, with the java of this
     * JVM ({@code java.home}): never the PATH's, which may be older than the classes.
     */
    static List<String> javaCommand(List<String> flags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Bench.class.getName());
        return cmd;
    }
}
