package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.idle;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.names.NamesCluster.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two holders of one name after a heal, resolved message by message between made-up nodes:
 * exactly one registration survives, and a live holder never gives its name up to one that is
 * already gone.
 */
class ConflictsTest {
    private final NamesCluster cluster = new NamesCluster();
    private final Node a = cluster.node(4001); // its claim is the older: registered first, and the smaller address on a tie
    private final Node b = cluster.node(4002);
    private final Node c = cluster.node(4003);
    private final LocalThread holderOfA = idle();
    private final LocalThread holderOfB = idle();

    @AfterEach
    void close() throws InterruptedException {
        cluster.close();
        Messaging.send("stop", holderOfA); // an idle thread ends at its first message
        Messaging.send("stop", holderOfB);
    }

    /** How the older holder stops holding the name before its home meets the younger's. */
    enum Withdrawal { UNREGISTERED, HOLDER_ENDED, HOME_LEFT }

    /**
     * Scenario: "n" held on a (older) and on b, apart; c, with a, meets b first and tells b it
     * lost to a; a's holder stops holding "n" before a meets b. Every node ends showing b's holder.
     */
    @ParameterizedTest
    @EnumSource(Withdrawal.class)
    void aLoserKeepsItsNameWhenTheWinnerAThirdNodeNamedIsGoneMeanwhile(Withdrawal how) {
        holdApart();
        cluster.connect(a, c);
        cluster.settle();
        cluster.connect(b, c);
        cluster.deliver(c, b);    // b is told the connection is up, and sends c its names
        cluster.deliverAll(b, c); // c sees both holders, and tells b its claim lost to a's
        switch (how) {
            case UNREGISTERED -> cluster.unregister(a, "n");
            case HOLDER_ENDED -> cluster.end(a, holderOfA);
            case HOME_LEFT -> cluster.leave(a, null);
        }
        cluster.settle();
        if (how != Withdrawal.HOME_LEFT) {
            cluster.connect(a, b);
            cluster.settle();
        }
        for (Node n : cluster.nodes()) {
            if (!cluster.gone(n)) {
                assertThat(n.views.whereis("n")).as("who holds n in the view of " + n).contains(cluster.seenFrom(n, b, holderOfB));
            }
        }
        assertThat(cluster.own(b, "n")).as("b's own entry").isNotNull();
    }

    /** Scenario: as above, but a still holds "n" when it meets b: every node ends showing a's holder, and b gives its own up. */
    @Test
    void aLoserToldByAThirdNodeGivesUpOnceItLearnsTheWinner() {
        holdApart();
        cluster.connect(a, c);
        cluster.settle();
        cluster.connect(b, c);
        cluster.settle();
        cluster.connect(a, b);
        cluster.settle();
        for (Node n : cluster.nodes()) {
            assertThat(n.views.whereis("n")).as("who holds n in the view of " + n).contains(cluster.seenFrom(n, a, holderOfA));
        }
        assertThat(cluster.own(b, "n")).as("b's own entry").isNull();
    }

    /** Registers "n" for a's holder on a, then for b's on b, while neither knows the other. */
    private void holdApart() {
        Reply ra = cluster.register(a, "n", holderOfA);
        cluster.settle();
        Reply rb = cluster.register(b, "n", holderOfB);
        cluster.settle();
        assertThat(ra.isDone() && rb.isDone()).as("both registrations answered").isTrue();
        assertThat(cluster.own(a, "n").claim()).isLessThan(cluster.own(b, "n").claim());
    }
}
