package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.tests.support.ChildJvm;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The parigot-services sample across real JVMs: the greeting service in one process, the
 * program that locates it by name, calls it through a future and polls a ticket in another;
 * and the one command that starts the program's JVM itself.
 */
class ParigotServicesAcrossJvmsTest {
    private static final String SUM = "500000500000"; // 1 + 2 + ... + 1,000,000

    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /** Scenario: {@code parigot-service PORT} in one JVM, {@code parigot-program 127.0.0.1:PORT} in another: the program locates, calls and polls; it exits with 0. */
    @Test
    void aProgramInAnotherProcessLocatesTheServiceCallsItAndPollsItsTicket() throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm service = ChildJvm.sample(secret, "parigot-service " + port)) {
            service.await("greeting service ready");
            try (ChildJvm program = ChildJvm.sample(secret, "parigot-program 127.0.0.1:" + port)) {
                assertThat(program.awaitExit()).as(program.output()).isZero();
                assertThat(program.lines()).as(program.output()).hasSize(4).containsSubsequence(
                        "located greeting at 127.0.0.1:" + port,
                        "greeting answered: Hello, world!",
                        "slowSum returned Ticket[id=1] at once");
                assertThat(program.lines().get(3)).matches("slowSum done after \\d+ poll\\(s\\): " + SUM);
            }
        }
    }

    /** Scenario: the program alone, with no service on the port: it says on standard error that it cannot reach it, and exits with 1. */
    @Test
    void aProgramWithNoServiceSaysSoAndExitsOne() throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm program = ChildJvm.sample(secret, "parigot-program 127.0.0.1:" + port)) {
            assertThat(program.awaitExit()).as(program.output()).isEqualTo(1);
            assertThat(program.lines()).as(program.output()).isEmpty();
            assertThat(program.errors().lines()).as(program.output())
                    .anyMatch(line -> line.startsWith("parigot-program: ") && line.contains("127.0.0.1:" + port));
        }
    }

    /** Scenario: {@code parigot-services}, the one command: the service here, the program in a JVM it starts. */
    @Test
    void theOneCommandRunsBothSides() throws Exception {
        try (ChildJvm both = ChildJvm.sample(secret, "parigot-services")) {
            assertThat(both.awaitExit()).as(both.output()).isZero();
            assertThat(both.lines()).as(both.output()).contains("greeting service ready", "greeting answered: Hello, world!")
                    .anyMatch(line -> line.startsWith("slowSum done after ") && line.endsWith(SUM))
                    .endsWith("done: the sum of 1..1000000 is " + SUM + ", from a service located by name in another JVM");
        }
    }
}
