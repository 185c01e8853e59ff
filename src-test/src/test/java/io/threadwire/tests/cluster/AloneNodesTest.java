package io.threadwire.tests.cluster;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.SeedProvider;
import io.threadwire.testkit.Timeouts;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two nodes whose seed providers each answered with the node alone (a DNS answer made before the
 * other was listed) find each other once the answers list both: a node alone keeps asking its
 * provider while it has no peer.
 */
class AloneNodesTest {

    /** A provider that answers what the test sets, and records whether it answered with its node alone. */
    private static final class Answers implements SeedProvider {
        final AtomicReference<List<NodeAddress>> seeds = new AtomicReference<>(List.of());
        final AtomicReference<NodeAddress> self = new AtomicReference<>();
        final AtomicBoolean answeredAlone = new AtomicBoolean();

        @Override
        public List<NodeAddress> seeds() {
            List<NodeAddress> now = seeds.get();
            if (now.equals(List.of(self.get()))) {
                answeredAlone.set(true);
            }
            return now;
        }
    }

    /** Scenario: A and B each find only themselves and are alone; the answers then list both; they become members of one cluster. */
    @Test
    void nodesAloneFindEachOtherWhenTheAnswerChanges() {
        Answers forA = new Answers(), forB = new Answers();
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        try (Node a = Node.start(Fast.cluster(NodeConfig.builder()).secret(secret).seeds(forA).build());
             Node b = Node.start(Fast.cluster(NodeConfig.builder()).secret(secret).seeds(forB).build())) {
            alone(forA, a);
            alone(forB, b);
            Timeouts.await(() -> forA.answeredAlone.get() && forB.answeredAlone.get(), "both providers answered alone");

            forA.seeds.set(List.of(a.address(), b.address()));
            forB.seeds.set(List.of(b.address(), a.address()));

            Timeouts.await(() -> a.members().stream().map(Member::address).toList().contains(b.address())
                    && b.members().stream().map(Member::address).toList().contains(a.address()), "A and B are members together");
        }
    }

    private static void alone(Answers answers, Node node) {
        answers.self.set(node.address());
        answers.seeds.set(List.of(node.address()));
    }
}
