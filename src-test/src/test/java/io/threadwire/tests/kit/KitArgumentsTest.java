package io.threadwire.tests.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.History;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's own methods refuse bad arguments at once, saying which and what is allowed, and the cluster stays usable. */
class KitArgumentsTest {
    private static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE);

    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** Scenario: a delay too long to count is refused; before, it went in force and healAll, faultsInForce and close threw. */
    @Test
    void aDelayTooLongIsRefusedAndLeavesNothingInForce() {
        Node a = cluster.node(0), b = cluster.node(1);
        assertThatThrownBy(() -> cluster.delay(a, b, TOO_LONG, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 3650 days (NodeConfig.LONGEST_DURATION)");
        assertThatThrownBy(() -> cluster.delay(a, b, null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class).hasMessage("latency");
        assertThat(cluster.faultsInForce()).isEmpty();
        cluster.healAll();
    }

    /** Scenario: a chaos run too long to count is refused naming the bound, not with an ArithmeticException. */
    @Test
    void chaosTooLongIsRefused() {
        assertThatThrownBy(() -> cluster.chaos(1, TOO_LONG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chaos runs for at most 3650 days");
    }

    /** Scenario: a history checked with a patience too long to count, or negative. */
    @Test
    void historyPatienceIsChecked() {
        History history = new History();
        assertThatThrownBy(() -> history.check(TOO_LONG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patience is 0 to 3650 days");
        assertThatThrownBy(() -> history.check(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patience is 0 to 3650 days");
        history.check(Duration.ZERO);
    }

    /** Scenario: a node index past the cluster's size. */
    @Test
    void aNodeIndexOutsideTheClusterSaysWhichExist() {
        assertThatThrownBy(() -> cluster.node(2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("node 2 of a cluster of 2: its nodes are 0 to 1");
    }
}
