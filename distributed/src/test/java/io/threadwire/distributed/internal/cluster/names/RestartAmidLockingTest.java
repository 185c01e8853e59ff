package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.idle;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.names.NamesCluster.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A member's connection is lost and made again (the member restarted as a new incarnation at its
 * address, or the same incarnation reconnected) while a registration is taking locks: the
 * registrar's Lock, sent before it handled the loss, goes over the new connection and is
 * granted. The registrar handles the loss first and commits without that member, so nothing
 * would commit or release that grant: the registrar lets it go. A lock kept there made every
 * later registration of the name wait or retry there until it timed out.
 */
class RestartAmidLockingTest {
    private final NamesCluster cluster = new NamesCluster();
    private final LocalThread first = idle();
    private final LocalThread second = idle();

    @AfterEach
    void close() throws InterruptedException {
        cluster.close();
        Messaging.send("stop", first); // an idle thread ends at its first message
        Messaging.send("stop", second);
    }

    /** How b's connection with c comes back. */
    enum Return { RESTARTED, RECONNECTED }

    /**
     * Scenario: c registers "n" (a is the gate); a grants; b restarts as b' (or its connection
     * with c is lost and made again); c, not yet told, asks b's address for its lock and b (or
     * b') grants it; c then learns of the loss and commits without b. Once "n" is unregistered,
     * b registers it for a thread of its own at once.
     */
    @ParameterizedTest
    @EnumSource(Return.class)
    void aLockGrantedOverTheNextConnectionIsLetGo(Return how) {
        Node a = cluster.node(4001);
        Node b = cluster.node(4002);
        Node c = cluster.node(4003);
        cluster.connectAll();
        cluster.settle();

        Reply registered = cluster.register(c, "n", first);
        cluster.deliverAll(c, a);            // the gate's lock is asked for, and granted
        Node b2;                             // c's service has not heard of the loss yet
        if (how == Return.RESTARTED) {
            b2 = cluster.restart(b, null);
            cluster.connect(b2, a);
        } else {
            b2 = b;
            cluster.disconnect(b, c, null);
        }
        cluster.connect(b2, c);
        cluster.deliverAll(a, c);            // c has the gate's lock: it asks b's address and itself
        cluster.deliverAll(c, b2);           // b' (or b, over the new connection) grants it
        while (cluster.deliverOwn(c)) {
            // c's own lock
        }
        cluster.deliverAll(b2, c);           // the loss, the new connection, then the grant
        cluster.settle();
        assertThat(registered.isDone()).as("c's registration completed").isTrue();

        Reply unregistered = cluster.unregister(c, "n");
        cluster.settle();
        assertThat(unregistered.isDone()).isTrue();
        Reply again = cluster.register(b2, "n", second);
        cluster.settle();                    // no timer runs here: a Busy would leave it waiting for a retry
        assertThat(again.isDone()).as(b2 + " registered n without waiting on a lock nobody holds").isTrue();
        for (Node n : cluster.nodes()) {
            assertThat(n.views.whereis("n")).as("who holds n in the view of " + n)
                    .contains(cluster.seenFrom(n, b2, second));
        }
    }
}
