package io.threadwire.samples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The other JVM of a two-JVM sample: this JVM's java, flags and class path, running {@link Main} with a command. */
final class SecondJvm {
    private SecondJvm() {
    }

    static Process start(String command) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add(command);
        return new ProcessBuilder(cmd).inheritIO().start();
    }

    /** Stops the JVM as Ctrl-C would (SIGTERM) and waits for it to end; kills it if it has not within a minute. */
    static void stop(Process jvm) throws InterruptedException {
        jvm.destroy();
        if (!jvm.waitFor(60, TimeUnit.SECONDS)) {
            jvm.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Waits for the JVM to end; throws unless it exits with 0 within a minute. */
    static void awaitSuccess(Process jvm) throws InterruptedException {
        if (!jvm.waitFor(60, TimeUnit.SECONDS)) {
            jvm.destroyForcibly();
            throw new IllegalStateException("the second JVM did not finish within 60 s");
        }
        if (jvm.exitValue() != 0) {
            throw new IllegalStateException("the second JVM failed with exit code " + jvm.exitValue());
        }
    }
}
