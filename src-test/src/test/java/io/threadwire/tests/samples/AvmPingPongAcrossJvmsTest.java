package io.threadwire.tests.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.tests.support.ChildJvm;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The avm-pingpong sample across real JVMs: beta (hosting pong) and alpha (hosting ping and the
 * orchestrator) in two processes, as AVM's tutorial runs them in two terminals; and the one
 * command that starts beta's JVM itself and kills it at the end.
 */
class AvmPingPongAcrossJvmsTest {
    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    /**
     * Scenario: {@code avm-beta 0}, then {@code avm-alpha 0 BETA 3}: alpha's directory learns of
     * pong on beta, ping and pong call each other for three rounds, ping returns "done"; beta is
     * killed, and alpha's directory drops pong.
     */
    @Test
    void alphaAndBetaInTwoProcessesPlayThreeRoundsAndAlphaDropsPongWhenBetaDies() throws Exception {
        try (ChildJvm beta = ChildJvm.sample(secret, "avm-beta 0")) {
            String betaAddress = beta.awaitLine("beta: node ").replace(" is up", "");
            beta.await("beta: created pong and announced it to every node");
            try (ChildJvm alpha = ChildJvm.sample(secret, "avm-alpha 0 " + betaAddress + " 3")) {
                alpha.await("ping returns \"done\"");
                assertThat(alpha.lines()).as(alpha.output())
                        .contains("directory: pong -> beta (" + betaAddress + ")")
                        .containsSubsequence("ping: round 1 answered by pong", "ping: round 2 answered by pong",
                                "ping: round 3 answered by pong", "ping returns \"done\"");
                assertThat(beta.lines()).as(beta.output()).containsSubsequence(
                        "pong: round 1, ping said 'ping heard round 1'",
                        "pong: round 2, ping said 'ping heard round 2'",
                        "pong: round 3, ping said 'ping heard round 3'");

                beta.kill();
                alpha.await("directory: pong dropped: ");
                assertThat(alpha.lines()).as(alpha.output())
                        .contains("directory: pong dropped: beta (" + betaAddress + ") is gone");
                assertThat(alpha.isAlive()).as("alpha stays up after beta died").isTrue();
            }
        }
    }

    /** Scenario: {@code avm-pingpong 3}, the one command: beta in a JVM it starts, three rounds, beta killed, pong dropped; exit 0. */
    @Test
    void theOneCommandRunsBothNodesAndKillsBeta() throws Exception {
        try (ChildJvm both = ChildJvm.sample(secret, "avm-pingpong 3")) {
            assertThat(both.awaitExit()).as(both.output()).isZero();
            // beta's lines come from the other JVM, through the same pipe: only each JVM's own order is certain
            assertThat(both.lines()).as(both.output()).contains("beta: created pong and announced it to every node")
                    .containsSubsequence("ping: round 3 answered by pong", "ping returns \"done\"", "alpha: killing beta")
                    .anyMatch(line -> line.startsWith("directory: pong dropped: "))
                    .endsWith("done: 3 rounds of ping-pong across two JVMs; alpha dropped pong when beta died");
        }
    }
}
