package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.tests.support.ChildJvm;
import io.threadwire.tests.support.Tolerant;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cluster across two real JVMs: a node of another process joins through a seed here, and each sees the other's group members. */
class TwoJvmClusterTest {
    private static final String SECRET = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    private static final String GROUP = "jvms";

    @RegisterExtension
    final Cluster cluster = Cluster.of(1, b -> Tolerant.tolerant(b).name("seed").secret(SECRET));

    /**
     * Scenario: node "seed" here has a thread in group "jvms"; a second JVM starts node "child"
     * whose only seed is "seed", and a thread of it joins "jvms". The seed lists the child as a
     * member under its name and sees its member in the group; the child sees the seed's member.
     */
    @Test
    void aNodeOfAnotherJvmJoinsThroughTheSeedAndTheyShareAGroup() throws Exception {
        Node seed = cluster.node(0);
        LocalThread mine = seed.spawn(() -> receive());
        cluster.run(seed, () -> Groups.join(GROUP, mine));
        try (ChildJvm child = new ChildJvm(ClusterChild.class, SECRET, seed.address().toString(), "child", GROUP)) {
            NodeAddress childAddress = new NodeAddress("127.0.0.1", Integer.parseInt(child.awaitLine("READY ")));
            Timeouts.await(() -> seed.members().stream().anyMatch(m -> m.address().equals(childAddress)),
                    "the seed lists the child as a member");
            assertThat(seed.members()).filteredOn(m -> m.address().equals(childAddress)).extracting(Member::name)
                    .containsExactly("child");
            Timeouts.await(() -> othersOf(cluster.call(seed, () -> Groups.members(GROUP))).size() == 1,
                    "the seed sees the child's member of the group");
            RemoteThread theirs = othersOf(cluster.call(seed, () -> Groups.members(GROUP))).getFirst();
            assertThat(theirs.node()).isEqualTo(childAddress);
            assertThat(child.awaitLine("")).as("what the child saw").isEqualTo("SEES " + seed.address());
        } finally {
            Messaging.exit(mine, "done");
        }
    }

    private static List<RemoteThread> othersOf(List<ThreadRef> members) {
        return members.stream().filter(t -> t instanceof RemoteThread).map(t -> (RemoteThread) t).toList();
    }
}
