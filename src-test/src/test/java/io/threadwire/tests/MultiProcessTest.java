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
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.ChildJvm;
import io.threadwire.tests.support.Printed;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Factor's logger example across two JVMs: the samples' command line runs in a child JVM (same
 * java, same class path), with the cluster secret passed in {@code THREADWIRE_SECRET}, so no
 * {@code ~/.threadwire} is needed.
 */
class MultiProcessTest {
    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /** Scenario: a child JVM runs {@code send 127.0.0.1 <port> logger hello}; the logger thread of a node here receives "hello", and the child exits with 0. */
    @Test
    void aSecondJvmSendsHelloToTheLoggerHere() throws Exception {
        try (Node node = Node.start(tolerant(NodeConfig.builder()).secret(secret).build())) {
            Worker<Object> logger = Worker.start(node, "logger", () -> receive(LONG));
            node.registerRemoteThread(logger.thread(), "logger");
            try (ChildJvm child = ChildJvm.sample(secret, "send 127.0.0.1 " + node.address().port() + " logger hello")) {
                assertThat(logger.join()).isEqualTo("hello");
                assertThat(child.awaitExit()).as(child.output()).isZero();
                assertThat(child.lines()).as(child.output()).contains("sent 'hello' to logger at 127.0.0.1:" + node.address().port());
            }
        }
    }

    /** Scenario: a child JVM runs {@code logger <port>}; a thread of a node here sends it "hello" by name, and the child prints it. */
    @Test
    void aLoggerInASecondJvmReceivesHelloFromHere() throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm child = ChildJvm.sample(secret, "logger " + port);
             Node node = Node.start(tolerant(NodeConfig.builder()).secret(secret).build())) {
            child.await("is up");
            RemoteThread logger = RemoteThread.named(new NodeAddress("127.0.0.1", port), "logger");
            Worker.run(node, "sender", () -> send("hello", logger)).join();
            child.await("logger received: hello");
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
            try (ChildJvm child = ChildJvm.sample(secret, "factor-client 127.0.0.1 " + node.address().port())) {
                assertThat(child.awaitExit()).as(child.output()).isZero();
                assertThat(child.lines()).as(child.output())
                        .contains("{ 5 self } went to adder; 8 came back", "sendSynchronous 5 to adder: 8");
                Timeouts.await(() -> printed.text().contains("logger received: hello"), "the logger here prints 'hello'");
            }
        }
    }

    /** Scenario: {@code demo 0}, the one command of the quick start: the logger and adder here, Factor's client in a JVM it starts. */
    @Test
    void theDemoRunsBothSides() throws Exception {
        try (ChildJvm demo = ChildJvm.sample(secret, "demo 0")) {
            assertThat(demo.awaitExit()).as(demo.output()).isZero();
            assertThat(demo.lines()).as(demo.output()).contains("logger received: hello",
                    "{ 5 self } went to adder; 8 came back", "sendSynchronous 5 to adder: 8")
                    .endsWith("done: 'hello' went from one JVM to the other by name");
        }
    }
}
