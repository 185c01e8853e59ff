package io.threadwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code threadwire} command as real processes: {@code node} stays up until it is sent
 * SIGTERM and then exits, another process calls its echo thread, and {@code --trace} logs the
 * messages that process sends and receives.
 */
class ThreadwireProcessTest {
    private static final Pattern UP = Pattern.compile("node (\\S+) is up");

    @TempDir
    Path dir;

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    @Test
    void aNodeProcessServesACallFromAnotherProcessUntilItIsStopped() throws Exception {
        Path nodeOut = dir.resolve("node.out");
        Process node = start(nodeOut, "node", "--port=0", "--serve=echo");
        try {
            Timeouts.await(() -> UP.matcher(read(nodeOut)).find() || !node.isAlive(), "the node process is up");
            Matcher up = UP.matcher(read(nodeOut));
            assertThat(up.find()).as("the node's output:%n%s", read(nodeOut)).isTrue();
            String address = up.group(1);

            Path callOut = dir.resolve("call.out");
            Process call = start(callOut, "call", address, "echo", "hi", "--trace");
            assertThat(call.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(call.exitValue()).as("the call's output:%n%s", read(callOut)).isZero();
            assertThat(read(callOut)).contains("hi").contains("TRACE");

            node.destroy(); // SIGTERM, as Ctrl-C or a service manager would
            assertThat(node.waitFor(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the node process ends when stopped; its output:%n%s", read(nodeOut)).isTrue();
        } finally {
            node.destroyForcibly();
        }
    }

    private Process start(Path output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dkryo.unsafe=false", "-cp", System.getProperty("java.class.path"), Threadwire.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("THREADWIRE_SECRET", secret);
        return pb.start();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
