package io.threadwire.tests;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.RemoteNode;
import org.junit.jupiter.api.Test;

/** A RemoteNode made by a node that is closed since: the closed node is to blame, not the node asked. */
class ClosedViaNodeTest {

    /** Scenario: node b closes, then a tool asks node a's names through b's RemoteNode. */
    @Test
    void aRemoteNodeOfAClosedNodeSaysThatNodeIsClosed() {
        try (Node a = Node.start(0); Node b = Node.start(0)) {
            RemoteNode ofA = b.remote(a.address());
            b.close();
            assertThatThrownBy(ofA::registeredNames)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("node " + b.address() + " is closed")
                    .hasMessageContaining("ask through a node that runs");
            assertThatThrownBy(ofA::ping)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("node " + b.address() + " is closed");
        }
    }
}
