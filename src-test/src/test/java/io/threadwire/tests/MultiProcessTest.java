package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.samples.FactorLogger;
import io.threadwire.samples.Main;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.Printed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Factor's logger example across two JVMs: the samples' command line runs in a child JVM (same
 * java, same class path), with the cluster secret passed in {@code THREADWIRE_SECRET}, so no
 * {@code ~/.threadwire} is needed.
 */
class MultiProcessTest {
    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    @TempDir
    Path dir;

    /** Scenario: a child JVM runs {@code send 127.0.0.1 <port> logger hello}; the logger thread of a node here receives "hello", and the child exits with 0. */
    @Test
    void aSecondJvmSendsHelloToTheLoggerHere() throws Exception {
        try (Node node = Node.start(tolerant(NodeConfig.builder()).secret(secret).build())) {
            Worker<Object> logger = Worker.start(node, "logger", () -> receive(LONG));
            node.registerRemoteThread(logger.thread(), "logger");
            Path output = dir.resolve("sender.log");
            Process child = startSample("send 127.0.0.1 " + node.address().port() + " logger hello", output);
            try {
                assertThat(logger.join()).isEqualTo("hello");
                assertThat(child.waitFor(LONG.toMillis(), TimeUnit.MILLISECONDS))
                        .as("the child JVM exits; its output:%n%s", read(output)).isTrue();
                assertThat(child.exitValue()).as("exit code; output:%n%s", read(output)).isZero();
                assertThat(read(output)).contains("sent 'hello' to logger at 127.0.0.1:" + node.address().port());
            } finally {
                stop(child);
            }
        }
    }

    /** Scenario: a child JVM runs {@code logger <port>}; a thread of a node here sends it "hello" by name, and the child prints it. */
    @Test
    void aLoggerInASecondJvmReceivesHelloFromHere() throws Exception {
        int port = freePort();
        Path output = dir.resolve("logger.log");
        Process child = startSample("logger " + port, output);
        try (Node node = Node.start(tolerant(NodeConfig.builder()).secret(secret).build())) {
            Timeouts.await(() -> read(output).contains("is up") || !child.isAlive(),
                    "the child's logger node is up (output: " + output + ")");
            assertThat(child.isAlive()).as("the child runs; its output:%n%s", read(output)).isTrue();
            RemoteThread logger = RemoteThread.named(new NodeAddress("127.0.0.1", port), "logger");
            Worker.run(node, "sender", () -> send("hello", logger)).join();
            Timeouts.await(() -> read(output).contains("logger received: hello"), "the child prints what its logger received");
        } finally {
            stop(child);
        }
    }

    /**
     * Scenario: the factor-logger sample across real JVMs: a child JVM runs
     * {@code factor-client 127.0.0.1 <port>} against the logger and adder of a node here; the
     * logger prints "hello", and the child prints the 8 that came back for 5 by send and by call.
     */
    @Test
    void factorsClientInASecondJvmGetsEightBack() throws Exception {
        try (Node node = Node.start(tolerant(NodeConfig.builder()).secret(secret).build())) {
            Printed printed = new Printed();
            FactorLogger.startServices(node, 1, printed.stream);
            Path output = dir.resolve("factor-client.log");
            Process child = startSample("factor-client 127.0.0.1 " + node.address().port(), output);
            try {
                assertThat(child.waitFor(LONG.toMillis(), TimeUnit.MILLISECONDS))
                        .as("the child JVM exits; its output:%n%s", read(output)).isTrue();
                assertThat(child.exitValue()).as("exit code; output:%n%s", read(output)).isZero();
                assertThat(read(output)).contains("{ 5 self } went to adder; 8 came back", "sendSynchronous 5 to adder: 8");
                Timeouts.await(() -> printed.text().contains("logger received: hello"), "the logger here prints 'hello'");
            } finally {
                stop(child);
            }
        }
    }

    /** Starts {@code io.threadwire.samples.Main command} in a new JVM sharing this one's java and class path. */
    private Process startSample(String command, Path output) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Dkryo.unsafe=false",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), command));
        pb.environment().put("THREADWIRE_SECRET", secret);
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        return pb.start();
    }

    /** Ends the child if it still runs, and waits for it. */
    private static void stop(Process child) throws InterruptedException {
        if (child.isAlive()) {
            child.destroy();
            if (!child.waitFor(LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor(LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
