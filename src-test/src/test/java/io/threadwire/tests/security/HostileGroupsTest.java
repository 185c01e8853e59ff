package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.internal.cluster.protocol.GroupsProtocol;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret sends the groups service forged joins and leaves:
 * past its limits, or many and large within them. A peer past {@code maxGroups} or
 * {@code maxGroupMemberships} (per peer) is cut off, with the reason logged, and its members
 * leave the view; within them, each message costs the attacked node in proportion to its own
 * length, so that the groups service keeps serving. The legitimate peer is served throughout.
 */
class HostileGroupsTest extends ClusterAttackTest {
    private static final int MAX_GROUPS = 100;
    private static final int MAX_JOINS = 100_000;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED,
            b -> b.clusterLimits(new ClusterLimits(1_000, MAX_GROUPS, MAX_JOINS, 10_000, 64, 10_000, 1_000)));

    @Override
    Cluster cluster() {
        return cluster;
    }

    /** Joins one at a time past maxGroupMemberships: cut off once over, with the reason logged; its members leave. */
    @Test
    void joinsPastTheLimitCutThePeerOff() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            Heap.Report heap = Heap.around("joins past maxGroupMemberships", () -> {
                attacker.flood(ClusterAttacker.GROUPS, MAX_JOINS + 1,
                        i -> new GroupsProtocol.Join("g", List.of(attacker.handle(i))));
                attacker.awaitCutOff();
            });
            heap.assertRetainedBelow(AttackedNode.RETAINED_BOUND);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("broke a cluster limit")
                    .contains("maxGroupMemberships (" + MAX_JOINS + ") exceeded"));
        }
        awaitNoMembersOf(attacker.node.address());
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Joins to more groups than maxGroups: cut off. */
    @Test
    void groupsPastTheLimitCutThePeerOff() {
        try (LogCapture log = LogCapture.start()) {
            attacker.flood(ClusterAttacker.GROUPS, MAX_GROUPS + 1,
                    i -> new GroupsProtocol.Join("g" + i, List.of(attacker.handle(i))));
            attacker.awaitCutOff();
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("maxGroups (" + MAX_GROUPS + ") exceeded"));
        }
        awaitNoMembersOf(attacker.node.address());
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A Sync past a limit, and a Leave of more entries than a peer may hold: each cuts the peer off. */
    @Test
    void aSyncOrALeavePastTheLimitsCutsThePeerOff() {
        Map<String, List<ThreadRef>> groups = new HashMap<>();
        for (int i = 0; i <= MAX_GROUPS; i++) {
            groups.put("g" + i, List.of(attacker.handle(i)));
        }
        attacker.flood(ClusterAttacker.GROUPS, 1, i -> new GroupsProtocol.Sync(1, groups));
        attacker.awaitCutOff();
        attacker.close();

        attacker = new ClusterAttacker(cluster);
        List<ThreadRef> tooMany = handles(0, MAX_JOINS + 1);
        attacker.flood(ClusterAttacker.GROUPS, 1, i -> new GroupsProtocol.Leave("g", tooMany));
        attacker.awaitCutOff();
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * The peer holds the most joins it may in one group, then sends leaves of many entries the
     * group does not hold, and joins and leaves one entry at a time, thousands of them: it stays
     * connected (nothing broke a limit), and a thread of the attacked node that joins a group
     * right after is seen by the legitimate peer within the tests' bound. (Before, a leave of k
     * entries scanned the peer's list of the group once per entry: these leaves alone would
     * have kept the groups service busy for minutes.)
     */
    @Test
    void largeLeavesAndManySmallChangesCostTheirLength() throws Exception {
        int half = MAX_JOINS / 2;
        Heap.Report heap = Heap.around("leaves and small changes against a full group", () -> {
            attacker.flood(ClusterAttacker.GROUPS, 2, i -> new GroupsProtocol.Join("g", handles(i * half, half)));
            attacker.flood(ClusterAttacker.GROUPS, 20, i -> new GroupsProtocol.Leave("g", handles(MAX_JOINS, half)));
            attacker.flood(ClusterAttacker.GROUPS, 10_000, i -> i % 2 == 0
                    ? new GroupsProtocol.Leave("g", List.of(attacker.handle(i / 2)))
                    : new GroupsProtocol.Join("g", List.of(attacker.handle(i / 2))));
            awaitTheGroupsServiceServes();
        });
        heap.assertRetainedBelow(AttackedNode.RETAINED_BOUND);
        Timeouts.await(() -> cluster.call(attacked, () -> Groups.members("g")).size() == MAX_JOINS,
                "the attacked node's view holds every join the peer still has");
        assertThat(attacker.wasCutOff()).as("the peer broke no limit").isFalse();
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A join of a thread of another node (a node tells only of its own threads): cut off, with the reason logged. */
    @Test
    void aJoinOfAnotherNodesThreadCutsThePeerOff() {
        try (LogCapture log = LogCapture.start()) {
            RemoteThread.ById foreign = new RemoteThread.ById(AttackedNode.legit(cluster).address(), 1, 1);
            attacker.flood(ClusterAttacker.GROUPS, 1, i -> new GroupsProtocol.Join("g", List.of(foreign)));
            attacker.awaitCutOff();
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("not a thread of the sending node"));
        }
        awaitNoMembersOf(attacker.node.address());
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * The most joins the peer may hold, of threads whose ids it chose so that their hash codes
     * are all equal, then a leave and a join of each: the groups service keeps serving (a hash
     * table of such handles is O(log n) a lookup because handles are ordered; were it O(n), these
     * would take some 10^10 comparisons), and the legitimate peer sees a new member in time.
     */
    @Test
    void joinsOfThreadsWithCollidingHashCodesCostTheirLength() {
        int half = MAX_JOINS / 2;
        attacker.flood(ClusterAttacker.GROUPS, 2, i -> new GroupsProtocol.Join("g", colliding(i * half, half)));
        attacker.flood(ClusterAttacker.GROUPS, 2, i -> new GroupsProtocol.Leave("g", colliding(i * half, half)));
        attacker.flood(ClusterAttacker.GROUPS, 2, i -> new GroupsProtocol.Join("g", colliding(i * half, half)));
        awaitTheGroupsServiceServes();
        Timeouts.await(() -> cluster.call(attacked, () -> Groups.members("g")).size() == MAX_JOINS,
                "the attacked node's view holds every colliding join");
        assertThat(attacker.wasCutOff()).as("the peer broke no limit").isFalse();
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Handles of the attacker's threads whose ids all have the hash code 0 ({@code Long.hashCode} folds the halves). */
    private List<ThreadRef> colliding(int from, int count) {
        List<ThreadRef> handles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long k = from + i + 1;
            handles.add(attacker.handle((k << 32) | k));
        }
        return handles;
    }

    /** A thread of the attacked node joins a group, and the legitimate peer sees it within the tests' bound. */
    private void awaitTheGroupsServiceServes() {
        LocalThread probe = attacked.spawn(() -> receive());
        cluster.run(attacked, () -> Groups.join("probe", probe));
        Node legit = AttackedNode.legit(cluster);
        Timeouts.await(() -> cluster.call(legit, () -> Groups.members("probe")).size() == 1,
                "the legitimate peer sees the attacked node's new member");
        Messaging.exit(probe, "done");
    }

    private List<ThreadRef> handles(int from, int count) {
        List<ThreadRef> handles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            handles.add(attacker.handle(from + i));
        }
        return handles;
    }

    /** Waits until no member the attacked node lists, in any group, is a thread of {@code node}. */
    private void awaitNoMembersOf(NodeAddress node) {
        attacker.close(); // its connection would come back, and its next messages with it
        Timeouts.await(() -> cluster.call(attacked, () -> Groups.groups().stream().flatMap(g -> Groups.members(g).stream())
                .noneMatch(t -> t instanceof RemoteThread r && r.node().equals(node))), "the attacker's members leave the view");
    }
}
