package io.threadwire.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Timeouts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A million threads parked in {@code receive()} fit in one JVM with a 2 GB heap, and each gets
 * its message. Runs {@link MillionParkedThreads} in a JVM of its own, so that the heap limit is
 * the one stated whatever the build gives the tests.
 *
 * <p>It takes a 2 GB JVM and most of a minute of both cores of a small machine, so the normal
 * build skips it; run it with
 * {@code ./mvnw -pl core test -Dtest=MillionParkedThreadsTest -Dthreadwire.million=true}.
 */
@EnabledIfSystemProperty(named = "threadwire.million", matches = "true",
        disabledReason = "a 2 GB JVM with a million threads; -Dthreadwire.million=true runs it")
class MillionParkedThreadsTest {

    private static final int THREADS = 1_000_000;
    private static final Pattern PARKED = Pattern.compile("parked (\\d+) heap (\\d+) seconds ([\\d.]+)");

    /** A million threads wait in receive at once with -Xmx2g, and every one gets its own message and ends. */
    @Test
    void millionThreadsParkedInReceiveEachGetTheirMessage() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-Xmx2g");
        command.add("-cp");
        command.add(classPath());
        command.add(MillionParkedThreads.class.getName());
        command.add(Integer.toString(THREADS));
        Path output = Files.createTempFile("million-parked-threads", ".out");
        Process child = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // Not a timed test: the bound only keeps a stuck run from hanging the build. The work is
        // about a minute on a quiet 2-core machine, several under load.
        Duration limit = Timeouts.scaled(Duration.ofMinutes(10));
        try {
            boolean finished = child.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (!finished) {
                throw new AssertionError("the JVM with " + THREADS + " threads did not finish within " + limit
                        + "; it printed: " + out);
            }
            assertThat(child.exitValue()).as("exit status of the JVM with %d threads; its output: %s", THREADS, out)
                    .isZero();
            Matcher parked = PARKED.matcher(out);
            assertThat(parked.find()).as("the line saying all were parked, in: %s", out).isTrue();
            assertThat(Long.parseLong(parked.group(2))).as("heap in use with all parked").isLessThan(2L << 30);
            assertThat(out).contains("done " + THREADS);
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    /** This JVM's class path, and its module path if it has one, as one class path. */
    private static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        String mp = System.getProperty("jdk.module.path", "");
        return mp.isEmpty() ? cp : cp.isEmpty() ? mp : cp + File.pathSeparator + mp;
    }
}
