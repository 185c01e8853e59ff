package io.threadwire.tests;

import static io.threadwire.core.Messaging.send;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import org.junit.jupiter.api.Test;

/**
 * A node started with {@code Node.start} runs, but is not the JVM's default node: a thread of no
 * node (here the test's own) has no node to send for it. What it is told must be true, and say
 * both ways out, not that no node runs.
 */
class NoDefaultNodeTest {

    /** Scenario: main starts a node with Node.start, then sends to a remote thread itself. */
    @Test
    void aThreadOfNoNodeIsToldThatNoDefaultNodeRunsNotThatNoNodeRuns() {
        try (Node node = Node.start(0); Node other = Node.start(0)) {
            assertThatThrownBy(() -> send("hello", other.remoteThread("logger")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageNotContaining("no node is running")
                    .hasMessageContaining("belongs to no node and this JVM has no default node")
                    .hasMessageContaining("Distributed.startNode(port)")
                    .hasMessageContaining("node.spawn");
        }
    }

    /** Scenario: main starts a node with Node.start, then reads the groups of "its" node. */
    @Test
    void theDistributedVerbsSayTheSame() {
        try (Node node = Node.start(0)) {
            assertThatThrownBy(() -> Groups.members("g"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageNotContaining("no node is running")
                    .hasMessageContaining("belongs to no node and this JVM has no default node")
                    .hasMessageContaining("node.spawn");
            assertThatThrownBy(() -> Distributed.registerRemoteThread("x"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no default node");
        }
    }
}
