package io.threadwire.tests.cli;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.cli.Threadwire;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.ChildJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code threadwire} command as real processes: {@code threadwire node} with each of its
 * options (port, name, host, seeds, built-in threads) stays up until it is sent SIGTERM; the
 * other commands, as processes or run in this JVM, reach it.
 */
class ThreadwireProcessTest {
    @TempDir
    Path dir;

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /** What one in-process run printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    /** Runs the command in this JVM, with the test's secret and a generous timeout. */
    private Run run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        Path secretFile = Files.writeString(dir.resolve("secret"), secret);
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------")); // as a secret file must be
        all.add("--secret-file=" + secretFile);
        all.add("--timeout=" + LONG.toMillis() + "ms");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Threadwire.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private ChildJvm threadwire(String... args) throws Exception {
        return new ChildJvm(Threadwire.class, secret, args);
    }

    /** The address a {@code threadwire node} process says it is up at. */
    private static String addressOf(ChildJvm node) {
        return node.awaitLine("node ").replaceFirst(" is up.*", "");
    }

    /** Scenario: a node process serves a call from a {@code threadwire call --trace} process, which logs its messages; SIGTERM ends the node. */
    @Test
    void aNodeProcessServesACallFromAnotherProcessUntilItIsStopped() throws Exception {
        try (ChildJvm node = threadwire("node", "--port=0", "--serve=echo")) {
            String address = addressOf(node);
            try (ChildJvm call = threadwire("call", address, "echo", "hi", "--trace")) {
                assertThat(call.awaitExit()).as(call.output()).isZero();
                assertThat(call.lines()).as(call.output()).containsExactly("hi");
                assertThat(call.errors()).as("--trace logs the messages").contains("TRACE");
            }
            node.stop(); // SIGTERM, as Ctrl-C or a service manager would
            assertThat(node.isAlive()).isFalse();
        }
    }

    /**
     * Scenario: {@code node --name=alpha --host=localhost --bind=127.0.0.1 --serve=logger,counter} and
     * {@code node --name=beta --seeds=ALPHA} as processes: alpha says it is up under its name
     * and host, its name reaches a node that connects to it, beta joins it through the seed, and
     * send, call, ping, names and members run against it.
     */
    @Test
    void everyNodeOptionWorksAndTheCommandsReachTheNode() throws Exception {
        try (ChildJvm alpha = threadwire("node", "--port=0", "--name=alpha", "--host=localhost", "--bind=127.0.0.1",
                "--serve=logger,counter");
             Node here = Node.start(tolerant(NodeConfig.builder()).secret(secret).hidden(true).build())) {
            String a = addressOf(alpha);
            assertThat(alpha.lines().get(0)).isEqualTo("node " + a + " is up, named alpha; serving logger, counter (Ctrl-C stops)");
            assertThat(a).startsWith("localhost:");
            NodeAddress alphaAddress = NodeAddress.parse(a);

            NodeUp up = Worker.start(here, "watch", () -> {
                here.monitorNode(alphaAddress);
                return receive(NodeUp.class, LONG);
            }).join();
            assertThat(up.name()).as("the name alpha's handshake gave").isEqualTo("alpha");

            try (ChildJvm beta = threadwire("node", "--port=0", "--name=beta", "--seeds=" + a)) {
                NodeAddress betaAddress = NodeAddress.parse(addressOf(beta));
                Timeouts.await(() -> Worker.start(here, "members", () -> here.remote(alphaAddress).members()).join()
                        .stream().map(Member::address).toList().contains(betaAddress), "alpha lists beta, which joined through it");
                Run members = run("members", a);
                assertThat(members.exit()).as(members.err()).isZero();
                assertThat(members.out().lines()).as(members.out()).hasSize(2)
                        .anyMatch(line -> line.startsWith(a + "\talpha\t")).anyMatch(line -> line.startsWith(betaAddress + "\tbeta\t"));
            }

            Run sent = run("send", a, "logger", "hi");
            assertThat(sent.exit()).as(sent.err()).isZero();
            alpha.await("logger received: hi");
            assertThat(run("call", a, "counter", "5").out().strip()).isEqualTo("5");
            assertThat(run("call", a, "counter", "7").out().strip()).isEqualTo("12");
            alpha.await("Total: 12"); // the reply can overtake the line on alpha's standard output
            assertThat(alpha.lines()).contains("Total: 5", "Total: 12");
            assertThat(run("ping", a).out()).startsWith("pong " + a + " in ");
            assertThat(run("names", a).out().lines()).containsExactly("counter", "logger");
        }
    }
}
