package io.threadwire.tests;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.threadwire.tests.support.EveryTypeExercise;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * From JDK 24 the first use of a {@code sun.misc.Unsafe} memory-access method prints a warning
 * on standard error, and Kryo 5 reaches for them unless {@code kryo.unsafe=false}. An
 * application that uses threadwire, with no flag of its own, prints no such warning.
 */
class KryoUnsafeWarningTest {
    /** What the JDK prints (JEP 498): "WARNING: A terminally deprecated method in sun.misc.Unsafe has been called". */
    private static final String WARNING = "sun.misc.Unsafe";

    /** What a JVM running {@link EveryTypeExercise} printed, and how it ended. */
    private record Run(int exit, String out, String err) {
    }

    private static Run exercise(String... jvmFlags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(List.of(jvmFlags));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EveryTypeExercise.class.getName());
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(LONG.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the exercise did not end within " + LONG + "; stderr: " + err.join());
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every built-in type, marked types and two nodes, on JDK 24+, without -Dkryo.unsafe: no Unsafe warning on stderr. */
    @Test
    void anApplicationPrintsNoUnsafeWarning() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "the JDK warns about Unsafe from version 24");

        Run run = exercise();

        assertThat(run.exit()).as("exit status; stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("DONE");
        assertThat(run.err()).doesNotContain(WARNING);
    }

    /** Control: the same JVM with -Dkryo.unsafe=true (the application's explicit choice, which stands) does warn. */
    @Test
    void theWarningIsSeenWhenTheApplicationAsksForUnsafe() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "the JDK warns about Unsafe from version 24");

        Run run = exercise("-Dkryo.unsafe=true");

        assertThat(run.exit()).as("exit status; stderr: %s", run.err()).isZero();
        assertThat(run.err()).contains(WARNING);
    }
}
