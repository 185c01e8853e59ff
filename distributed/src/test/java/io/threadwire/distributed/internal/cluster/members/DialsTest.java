package io.threadwire.distributed.internal.cluster.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** Addresses that peers name and nobody reaches never push a member really lost out of the redials. */
class DialsTest {
    private static final int MAX_MEMBERS = 4;

    /** Scenario: a member is lost; peers then name ten addresses nobody reaches; the lost member is still dialed again. */
    @Test
    void addressesNobodyReachesDoNotPushOutALostMember() {
        FakeClusterPort port = new FakeClusterPort(new ClusterLimits(MAX_MEMBERS, 10, 10, 10, 1, 10, 10));
        Dials dials = new Dials(port, Messaging.self(), new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), new HashMap<>());
        NodeAddress member = new NodeAddress("127.0.0.1", 2);
        dials.lost(member);

        for (int i = 0; i < 10; i++) {
            NodeAddress named = new NodeAddress("127.0.0.1", 100 + i);
            dials.heardOf(named);
            dials.pump();
            dials.dialed(nextDialed(named));
        }
        port.dialed.clear();
        dials.redial(member);

        dials.dialed(nextDialed(member));
        assertThat(port.dialed).contains(member);
    }

    /**
     * Scenario: a lost member's redial connects, and the connection is refused as a member (the
     * cluster is full: it never comes up here). The member is dialed again after its backoff, so
     * that it joins once there is room, as a lost member is for {@code lostMemberRetention}.
     */
    @Test
    void aLostMemberWhoseRedialWasRefusedIsDialedAgain() {
        FakeClusterPort port = new FakeClusterPort(new ClusterLimits(MAX_MEMBERS, 10, 10, 10, 1, 10, 10));
        Dials dials = new Dials(port, Messaging.self(), new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), new HashMap<>());
        NodeAddress member = new NodeAddress("127.0.0.1", 2);
        dials.lost(member);
        nextRedialDue(member);
        dials.redial(member);
        nextDialed(member); // the fake engine reaches nobody: this outcome is replaced by a connection below
        assertThat(port.dialed).as("the first redial").containsExactly(member);

        dials.dialed(new MembersEvents.Dialed(member, MembersEvents.Purpose.LOST,
                new PeerInfo(member, 1, "", false), null, false));
        nextRedialDue(member);
        port.dialed.clear();
        dials.redial(member);
        nextDialed(member);
        assertThat(port.dialed).as("a redial after the refused connection").containsExactly(member);
    }

    /**
     * Scenario: a peer's member list names {@code maxMembers} (here the highest allowed, 100,000)
     * addresses whose host names share one hash code. Filing them costs O(log n) each: the queue
     * is a hash table, whose bins of colliding keys are searched by the keys' order. Unordered,
     * each address costs a comparison with every one before it, 5 * 10^9 comparisons of
     * 300-character names on the membership service's thread: here 20,000 addresses took the
     * whole bound, so all would take some three minutes. The bound ({@code PROMPT}) is a generous
     * wall bound: over ten times what filing them all takes ordered (half a second here, names
     * built included), twenty-five times less than the quadratic cost; the loop gives up at it.
     */
    @Test
    void addressesWithCollidingHashCodesAreFiledInLogarithmicTime() {
        int n = 100_000;
        FakeClusterPort port = new FakeClusterPort(new ClusterLimits(n, 10, 10, 10, 1, 10, 10));
        Dials dials = new Dials(port, Messaging.self(), new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), new HashMap<>());
        String prefix = "x".repeat(300);
        NodeAddress first = new NodeAddress(prefix + collidingBlocks(0), 9000);
        long deadline = System.nanoTime() + Timeouts.PROMPT.toNanos();
        for (int i = 0; i < n; i++) {
            NodeAddress a = new NodeAddress(prefix + collidingBlocks(i), 9000);
            if (a.hashCode() != first.hashCode()) {
                throw new AssertionError(a + " does not collide with " + first);
            }
            dials.heardOf(a);
            if (i % 1_000 == 0 && System.nanoTime() - deadline > 0) {
                throw new AssertionError("filing " + i + " of " + n + " addresses with one hash code took longer than "
                        + Timeouts.PROMPT + ": quadratic");
            }
        }
    }

    /** Waits until the redial of {@code address} falls due. */
    private static void nextRedialDue(NodeAddress address) {
        for (;;) {
            Object m = Messaging.receive(Timeouts.LONG);
            if (m instanceof MembersEvents.RedialDue r && r.address().equals(address)) {
                return;
            }
        }
    }

    /** The i-th of 2^17 strings of "Aa"/"BB" blocks, which all have one String hash code. */
    private static String collidingBlocks(int i) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 17; k++) {
            b.append((i >> k & 1) == 0 ? "Aa" : "BB");
        }
        return b.toString();
    }

    /** The outcome of the dial of {@code address}, which this thread receives; redials of others that fall due are skipped. */
    private static MembersEvents.Dialed nextDialed(NodeAddress address) {
        for (;;) {
            Object m = Messaging.receive(Timeouts.LONG);
            if (m instanceof MembersEvents.Dialed d && d.address().equals(address)) {
                return d;
            }
        }
    }
}
