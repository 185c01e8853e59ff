package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Messaging;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.RemoteSpawnException;
import io.threadwire.distributed.internal.cluster.protocol.SpawnProtocol;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret floods the node service with spawn requests: of a
 * behaviour that never ends, past its share; of unknown behaviours, with names of any length;
 * with large arguments a behaviour refuses. Each is answered (a refusal says why, briefly), the
 * peer keeps its connection, one peer never takes the places of the others
 * ({@code maxRemoteSpawnedPerPeer}), and the legitimate peer is served throughout.
 */
class HostileSpawnTest extends ClusterAttackTest {
    private static final int MAX_SPAWNED = 200;
    private static final int MAX_PER_PEER = 50;
    private static final int REQUESTS = 2_000;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED,
            b -> b.clusterLimits(new ClusterLimits(1_000, 10_000, 100_000, 10_000, 64, MAX_SPAWNED, MAX_PER_PEER)));

    @Override
    Cluster cluster() {
        return cluster;
    }

    @BeforeEach
    void declareBehaviours() {
        attacked.spawnable("hold", args -> receive());
        attacked.spawnable("number", Integer.class, n -> { });
    }

    /**
     * Thousands of spawns of a behaviour that never ends, from four threads of the peer at once:
     * exactly its share start, every other is refused LIMIT naming the bound, and the legitimate
     * peer still starts threads there. (Before, the peer took every place of maxRemoteSpawned.)
     */
    @Test
    void onePeerTakesItsShareOfSpawnedThreadsAndNoMore() {
        List<Worker<int[]>> spawners = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            spawners.add(Worker.start(attacker.node, "spawner", () -> {
                int[] startedAndRefused = new int[2];
                for (int i = 0; i < REQUESTS / 4; i++) {
                    try {
                        attacker.node.spawn(attacked.address(), "hold", List.of());
                        startedAndRefused[0]++;
                    } catch (RemoteSpawnException e) {
                        assertThat(e.reason()).isEqualTo(RemoteSpawnException.Reason.LIMIT);
                        assertThat(e.getMessage()).contains("maxRemoteSpawnedPerPeer");
                        startedAndRefused[1]++;
                    }
                }
                return startedAndRefused;
            }));
        }
        int started = 0;
        for (Worker<int[]> w : spawners) {
            started += w.join()[0];
        }
        assertThat(started).as("threads the peer started").isEqualTo(MAX_PER_PEER);
        Node legit = AttackedNode.legit(cluster);
        List<ThreadRef> legitThreads = cluster.call(legit, () -> {
            List<ThreadRef> threads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                threads.add(legit.spawn(attacked.address(), "hold", List.of()));
            }
            return threads;
        });
        assertThat(legitThreads).hasSize(10);
        assertThat(attacker.wasCutOff()).isFalse();
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * Thousands of requests for behaviours nobody declared, and one whose name has 100,000
     * characters: each is refused UNKNOWN_BEHAVIOUR, the long name is not sent back, and the
     * peer keeps its connection.
     */
    @Test
    void unknownBehavioursAreRefusedBriefly() {
        RemoteThread service = RemoteThread.named(attacked.address(), ClusterAttacker.NODE);
        List<Object> answers = cluster.call(attacker.node, () -> {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                calls.add(Messaging.callAsync(new SpawnProtocol.Request("nosuch-" + i, null, "x", false, false), service,
                        Timeouts.LONG));
            }
            calls.add(Messaging.callAsync(new SpawnProtocol.Request("x".repeat(100_000), null, "x", false, false), service,
                    Timeouts.LONG));
            List<Object> all = new ArrayList<>();
            for (CompletableFuture<Object> c : calls) {
                all.add(c.join());
            }
            return all;
        });
        assertThat(answers).hasSize(REQUESTS + 1).allSatisfy(a -> {
            SpawnProtocol.Reply r = (SpawnProtocol.Reply) a;
            assertThat(r.status()).isEqualTo(SpawnProtocol.UNKNOWN_BEHAVIOUR);
            assertThat(r.detail().length()).isLessThan(1_000);
        });
        assertThat(((SpawnProtocol.Reply) answers.getLast()).detail()).contains("100000 characters");
        assertThat(attacker.wasCutOff()).isFalse();
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Spawns with a megabyte of arguments the behaviour refuses: each refused ARGUMENTS_REFUSED, nothing kept. */
    @Test
    void largeArgumentsAreRefusedAndNotKept() throws Exception {
        byte[] large = new byte[1 << 20];
        Heap.Report heap = Heap.around("spawns with a megabyte of arguments", () -> cluster.run(attacker.node, () -> {
            for (int i = 0; i < 50; i++) {
                try {
                    attacker.node.spawn(attacked.address(), "number", large);
                    throw new AssertionError("a byte[] was taken for an Integer");
                } catch (RemoteSpawnException e) {
                    assertThat(e.reason()).isEqualTo(RemoteSpawnException.Reason.ARGUMENTS_REFUSED);
                    assertThat(e.getMessage()).as("refused by the attacked node").contains("takes arguments of class "
                            + Integer.class.getName());
                }
            }
        }));
        heap.assertRetainedBelow(AttackedNode.RETAINED_BOUND);
        assertThat(attacker.wasCutOff()).isFalse();
        bystander.assertServed(Bystander.MESSAGES);
    }
}
