package io.threadwire.tests.docs;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import org.junit.jupiter.api.Test;

/** The examples of the testing guide (docs/guides/testing.md), as they are printed there. */
class TestingGuideExamplesTest {
    @Test
    void workersRunSideBySide() {
        try (Cluster cluster = Cluster.start(3)) {
            // tag::workers[]
            Node a = cluster.node(0), b = cluster.node(1), c = cluster.node(2);
            Worker<Object> onB = Worker.start(b, "sink-b", () -> receive(Timeouts.LONG));
            Worker<Object> onC = Worker.start(c, "sink-c", () -> receive(Timeouts.LONG));
            cluster.run(a, () -> {                          // sends must come from a node's thread
                send("to b", onB.thread());
                send("to c", onC.thread());
            });
            assertThat(onB.join()).isEqualTo("to b");      // rethrows what the worker threw
            assertThat(onC.join()).isEqualTo("to c");
            // end::workers[]
        }
    }
}
