package io.threadwire.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Cluster;
import io.threadwire.tests.support.Tolerant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starting a node that cannot work: on a port that is taken, or admitting more than its handshake carries. */
class NodeStartTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(1, Tolerant::tolerant);

    /** Scenario: a node started on the port of a running node fails with an exception that names the port. */
    @Test
    void startingOnAPortANodeHoldsFailsNamingThePort() {
        int taken = cluster.node(0).address().port();
        assertThatThrownBy(() -> Node.start(taken).close())
                .isInstanceOf(ThreadwireException.class)
                .hasMessageContaining(":" + taken)
                .hasMessageContaining("in use");
    }

    /**
     * Scenario: a node whose admitted classes and packages take more than a handshake carries
     * (64 KiB) fails to start, saying what to do. It started before, and then failed every
     * connection it made or took, each logged as an internal failure with a stack trace.
     */
    @Test
    void aNodeThatAdmitsMoreThanItsHandshakeCarriesFailsToStart() {
        NodeConfig.Builder b = NodeConfig.builder().port(0).host("127.0.0.1")
                .secret("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        for (int i = 0; i < 4_000; i++) {
            b.allowPackage("com.example.generated.messages.package" + i);
        }
        NodeConfig config = b.build();
        assertThatThrownBy(() -> Node.start(config).close())
                .isInstanceOf(ThreadwireException.class)
                .hasMessageContaining("handshake")
                .hasMessageContaining("65536");
    }

    /** Scenario: a node started on a port another program listens on fails with an exception that names the port. */
    @Test
    void startingOnAPortAnotherProgramHoldsFailsNamingThePort() throws IOException {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int taken = other.getLocalPort();
            assertThatThrownBy(() -> Node.start(taken).close())
                    .isInstanceOf(ThreadwireException.class)
                    .hasMessageContaining(":" + taken)
                    .hasMessageContaining("in use");
        }
    }

    /** Scenario: failed starts on a taken port leave no file descriptors behind (a selector per attempt, before). */
    @Test
    void aFailedStartReleasesWhatItOpened() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd to count open files");
        int taken = cluster.node(0).address().port();
        long before = count(fds);
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> Node.start(taken).close()).isInstanceOf(ThreadwireException.class);
        }
        assertThat(count(fds) - before).isLessThan(50);
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
