package io.threadwire.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.GroupMonitor;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeMonitor;
import io.threadwire.testkit.Worker;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A group monitor cancelled after its node closed: it had ended with the node, so cancel says false, as documented. */
class GroupMonitorAfterCloseTest {

    /** Scenario: a finally block cancels the monitors of a node that closed meanwhile. */
    @Test
    void cancellingAfterTheNodeClosedAnswersFalse() {
        Node node = Node.start(0);
        AtomicReference<GroupMonitor> groups = new AtomicReference<>();
        AtomicReference<NodeMonitor> members = new AtomicReference<>();
        Worker.run(node, "watcher", () -> {
            groups.set(Groups.monitor("g"));
            members.set(node.monitorNodes());
        }).join();
        node.close();
        assertThat(groups.get().cancel()).isFalse();   // threw IllegalStateException: the service has stopped
        members.get().cancel();                        // as a node monitor's cancel does: nothing to say
    }
}
