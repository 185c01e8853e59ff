package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.tests.support.ChildJvm;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The maggie-counter sample across real JVMs: the server and the client in two processes, as
 * Maggie's document runs them in two terminals, each showing what the document says it shows;
 * and the one command that starts the client's JVM itself.
 */
class MaggieCounterAcrossJvmsTest {
    private static final List<String> CLIENT_SEES = List.of("Connected to server", "Sent increment: 10",
            "Sent increment: 20", "Sent increment: 30", "Sent increment: 40", "Sent increment: 50",
            "All messages sent and delivered (total 150)");
    private static final List<String> SERVER_SEES = List.of("Counter service ready", "Total: 10", "Total: 30",
            "Total: 60", "Total: 100", "Total: 150", "Final total: 150");

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /** Scenario: {@code maggie-server PORT} in one JVM, {@code maggie-client 127.0.0.1 PORT} in another: each prints the document's lines, and the client exits with 0. */
    @Test
    void serverAndClientInTwoProcessesPrintWhatTheDocumentShows() throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm server = ChildJvm.sample(secret, "maggie-server " + port)) {
            server.await("Counter service ready");
            try (ChildJvm client = ChildJvm.sample(secret, "maggie-client 127.0.0.1 " + port)) {
                assertThat(client.awaitExit()).as(client.output()).isZero();
                assertThat(client.lines()).as(client.output()).isEqualTo(CLIENT_SEES);
            }
            server.await("Final total: 150");
            assertThat(server.lines()).as(server.output()).isEqualTo(SERVER_SEES);
        }
    }

    /** Scenario: the client alone, with nothing listening on the port: it says "Cannot reach server" and exits with 1. */
    @Test
    void aClientWithNoServerCannotReachIt() throws Exception {
        try (ChildJvm client = ChildJvm.sample(secret, "maggie-client 127.0.0.1 " + ChildJvm.freePort())) {
            assertThat(client.awaitExit()).as(client.output()).isEqualTo(1);
            assertThat(client.lines()).as(client.output()).containsExactly("Cannot reach server");
        }
    }

    /** Scenario: {@code maggie-counter 0}, the one command: the server here, the client in a JVM it starts; both sides' lines, in each side's order. */
    @Test
    void theOneCommandRunsBothSides() throws Exception {
        try (ChildJvm both = ChildJvm.sample(secret, "maggie-counter 0")) {
            assertThat(both.awaitExit()).as(both.output()).isZero();
            assertThat(both.lines()).as(both.output()).containsSubsequence(CLIENT_SEES).containsSubsequence(SERVER_SEES)
                    .endsWith("done: five increments counted and confirmed across two JVMs");
        }
    }
}
