package io.threadwire.distributed.internal.cluster.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a node that reaches none of its seeds logs (one line per change of state, not one per
 * round), and which peers count as seeds as the provider's list changes.
 */
class SeedRoundsTest {
    private static final NodeAddress A = new NodeAddress("127.0.0.1", 7001);
    private static final NodeAddress B = new NodeAddress("127.0.0.1", 7002);
    private static final NodeAddress C = new NodeAddress("127.0.0.1", 7003);

    /**
     * Scenario: two seeds refuse every round; their dials come back in either order, as dials
     * made at once do. The node warns once, at the first round, and not again while nothing changes.
     */
    @Test
    void seedsThatFailAlikeAreWarnedOfOnceWhateverOrderTheirDialsEndIn() {
        SeedRounds rounds = new SeedRounds("127.0.0.1:7000", false, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)));
        List<String> lines = FakeClusterPort.logLinesWhile(() -> {
            for (int round = 0; round < 6; round++) {
                assertThat(rounds.start()).isTrue();
                assertThat(rounds.toDial(List.of(A, B))).containsExactly(A, B);
                List<NodeAddress> order = round % 2 == 0 ? List.of(A, B) : List.of(B, A);
                rounds.dialed(order.get(0), null, "Connection refused", false);
                assertThat(rounds.dialed(order.get(1), null, "Connection refused", false)).as("the round's last").isTrue();
                assertThat(rounds.roundOver(false, 1)).as("a next round is due").isNotNull();
            }
        });
        assertThat(lines.stream().filter(l -> l.contains("WARN") && l.contains("no seed reachable")).toList())
                .as("warnings of unreachable seeds").hasSize(1);
    }

    /**
     * Scenario: the provider lists A, which is reached (as peer C, the address the node files it
     * under); then it lists only B. C counts as a seed while A is listed, and not once A is
     * dropped: a node connected only to a former seed looks for the seeds listed now.
     */
    @Test
    void aPeerReachedThroughASeedNoLongerListedIsNoSeed() {
        SeedRounds rounds = new SeedRounds("127.0.0.1:7000", false, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)));
        assertThat(rounds.start()).isTrue();
        assertThat(rounds.toDial(List.of(A))).containsExactly(A);
        assertThat(rounds.dialed(A, C, null, false)).isTrue();
        assertThat(rounds.roundOver(true, 2)).as("no round is due while a seed is up").isNull();
        assertThat(rounds.isSeed(C)).as("C, reached through A, listed").isTrue();

        rounds.seedsLost();
        assertThat(rounds.start()).isTrue();
        assertThat(rounds.toDial(List.of(B))).containsExactly(B);
        assertThat(rounds.isSeed(C)).as("C, reached through A, no longer listed").isFalse();
        assertThat(rounds.isSeed(B)).isTrue();
    }
}
