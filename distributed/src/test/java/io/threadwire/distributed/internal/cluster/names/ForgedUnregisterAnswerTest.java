package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.idle;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.names.NamesCluster.Node;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Only a name's home answers a request to free it: a third member that answers in its place,
 * before the home does, is not believed, and the request waits for the home's own answer.
 */
class ForgedUnregisterAnswerTest {
    private final NamesCluster cluster = new NamesCluster();
    private final LocalThread holder = idle();

    @AfterEach
    void close() throws InterruptedException {
        cluster.close();
        Messaging.send("stop", holder); // an idle thread ends at its first message
    }

    /**
     * Scenario: a's thread holds "n"; c asks a to free it (its first request, id 1); before a's
     * answer, b sends c "freed" for request 1. c's unregister is still waiting; once a answers it
     * says freed, and nobody holds "n".
     */
    @Test
    void anAnswerFromAnotherNodeThanTheHomeIsNotBelieved() {
        Node a = cluster.node(4101);
        Node b = cluster.node(4102);
        Node c = cluster.node(4103);
        cluster.connectAll();
        cluster.settle();
        Reply registered = cluster.register(a, "n", holder);
        cluster.settle();
        assertThat(registered.isDone()).as("a registered n").isTrue();

        Reply unregistered = cluster.unregister(c, "n");
        cluster.forge(b, c, new NamesProtocol.UnregisterDone(1, false));
        cluster.deliverAll(b, c);
        assertThat(unregistered.isDone()).as("c's unregister, answered only by b").isFalse();

        cluster.settle();
        assertThat(unregistered.isDone()).as("c's unregister, once a answered").isTrue();
        for (Node n : cluster.nodes()) {
            assertThat(n.views.whereis("n")).as("who holds n in the view of " + n).isEmpty();
        }
    }
}
