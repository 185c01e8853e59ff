package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.tests.support.ChildJvm;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The factor-logger sample's sender in a real JVM, as README.md and docs/guides/factor-logger.md
 * run it in a second terminal: run before the node of the first terminal is up, it says it
 * cannot reach the node and exits with 1, as maggie-client and parigot-program do, instead of
 * "sent 'hello'" for a message that went nowhere.
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
}
