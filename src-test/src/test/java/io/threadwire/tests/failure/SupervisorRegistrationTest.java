package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.ChildSpec;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Supervisor;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;

/**
 * Where names go when the registering thread belongs to no node: one rule for
 * {@code registerRemoteThread} and a supervisor's children, the JVM's default node.
 */
class SupervisorRegistrationTest {
    private static NodeConfig config() {
        return NodeConfig.builder().port(0).host("127.0.0.1").secret("the supervisor registration test").build();
    }

    /** Scenario: main starts a node, then a supervisor: another node reaches its child by name. */
    @Test
    void aSupervisorStartedByAThreadOfNoNodeRegistersInTheDefaultNode() {
        try (Node home = Distributed.startNode(config()); Node other = Node.start(config())) {
            Supervisor sup = Supervisor.builder().child(ChildSpec.permanent("counter", () -> {
                for (;;) {
                    handleSynchronous(x -> "counted " + x);
                }
            })).start();
            try {
                assertThat(home.registeredNames()).contains("counter");
                assertThat(whereis("counter")).as("the JVM-local registry").isEmpty();
                LocalThread tester = self();
                other.spawn(() -> send(sendSynchronous(1, home.remoteThread("counter"), Timeouts.LONG), tester));
                assertThat(receive(Timeouts.LONG)).isEqualTo("counted 1");
            } finally {
                sup.stop();
            }
        }
    }

    /** Scenario: main registers a thread of no node by name: it goes to the default node, as a supervisor's child does. */
    @Test
    void registerRemoteThreadFollowsTheSameRule() {
        try (Node home = Distributed.startNode(config())) {
            LocalThread worker = spawn(() -> receive(String.class, Timeouts.LONG));
            Distributed.registerRemoteThread(worker, "worker");
            assertThat(home.whereis("worker")).contains(worker);
            send("end", worker);
        }
    }
}
