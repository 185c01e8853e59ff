package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.tests.support.ChildJvm;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The factor-logger sample's sender in a real JVM, as README.md and docs/guides/factor-logger.md
 * run it in a second terminal: run before the node of the first terminal is up, it says it
 * cannot reach the node and exits with 1, as maggie-client and parigot-program do, instead of
 * "sent 'hello'" for a message that went nowhere. A sample given a port that is no number, or a
 * port another program holds, says so without a stack trace (exit 2, exit 1).
 */
class FactorLoggerAcrossJvmsTest {
    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /** Scenario: {@code send 127.0.0.1 PORT logger hello} with nothing listening on the port. */
    @Test
    void sendWithNoNodeSaysItCannotReachItAndExitsOne() throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm sender = ChildJvm.sample(secret, "send 127.0.0.1 " + port + " logger hello")) {
            assertThat(sender.awaitExit()).as(sender.output()).isEqualTo(1);
            assertThat(sender.lines()).as(sender.output()).isEmpty();
            assertThat(sender.errors()).contains("cannot reach 127.0.0.1:" + port).contains("logger " + port)
                    .doesNotContain("\tat ");
        }
    }

    /** Scenario: {@code logger abc}, a port that is no number: a usage error, said without a stack trace. */
    @Test
    void aPortThatIsNoNumberIsAUsageError() throws Exception {
        try (ChildJvm logger = ChildJvm.sample(secret, "logger abc")) {
            assertThat(logger.awaitExit()).as(logger.output()).isEqualTo(2);
            assertThat(logger.errors()).contains("a port or a count is a whole number").contains("abc")
                    .doesNotContain("\tat ");
        }
    }

    /** Scenario: {@code logger PORT} on a port another program holds: exit 1, saying so, without a stack trace. */
    @Test
    void aLoggerOnATakenPortSaysSoAndExitsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ChildJvm logger = ChildJvm.sample(secret, "logger " + taken.getLocalPort())) {
            assertThat(logger.awaitExit()).as(logger.output()).isEqualTo(1);
            assertThat(logger.errors()).contains("sample 'logger' failed").contains(String.valueOf(taken.getLocalPort()))
                    .doesNotContain("\tat ");
        }
    }
}
