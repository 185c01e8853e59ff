package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Claim;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret sends the global-names service forged registrations
 * and locks: past its limits, or thousands within them. A peer past {@code maxGlobalNames} or
 * {@code maxRegistrationsInFlight} is cut off with the reason logged, and its names leave the
 * view; within them the service keeps registering names for the others. The legitimate peer is
 * served throughout.
 */
class HostileGlobalNamesTest extends ClusterAttackTest {
    private static final int MAX_NAMES = 1_000;
    private static final int MAX_IN_FLIGHT = 64;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED,
            b -> b.clusterLimits(new ClusterLimits(1_000, 10_000, 100_000, MAX_NAMES, MAX_IN_FLIGHT, 10_000, 1_000)));

    @Override
    Cluster cluster() {
        return cluster;
    }

    /** Registrations announced one at a time past maxGlobalNames: cut off once over, its names gone. */
    @Test
    void namesPastTheLimitCutThePeerOff() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            Heap.Report heap = Heap.around("names past maxGlobalNames", () -> {
                attacker.flood(ClusterAttacker.NAMES, MAX_NAMES + 1, i -> new NamesProtocol.Registered(entry(i)));
                attacker.awaitCutOff();
            });
            heap.assertRetainedBelow(AttackedNode.RETAINED_BOUND);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("broke a cluster limit")
                    .contains("maxGlobalNames (" + MAX_NAMES + ") exceeded"));
        }
        attacker.close();
        Timeouts.await(() -> cluster.call(attacked, GlobalNames::registeredNames).isEmpty(), "the attacker's names leave the view");
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A Sync of more names than the peer may hold: cut off. */
    @Test
    void aSyncPastTheLimitCutsThePeerOff() {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i <= MAX_NAMES; i++) {
            entries.add(entry(i));
        }
        attacker.flood(ClusterAttacker.NAMES, 1, i -> new NamesProtocol.Sync(1, entries));
        attacker.awaitCutOff();
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * Locks asked for more names at once than maxRegistrationsInFlight: cut off. Twice the limit
     * are sent: the attacker's own names service answers each Locked it did not ask for with an
     * Unlock, and one lock given back before the flood ends kept the count of 65 locks at 64 (the
     * first send's round trip can beat the second send by several milliseconds).
     */
    @Test
    void locksPastTheLimitCutThePeerOff() {
        try (LogCapture log = LogCapture.start()) {
            attacker.flood(ClusterAttacker.NAMES, 2 * MAX_IN_FLIGHT, i -> new NamesProtocol.Lock("n" + i, i, false));
            attacker.awaitCutOff();
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("maxRegistrationsInFlight ("
                    + MAX_IN_FLIGHT + ") exceeded"));
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * Ten thousand locks taken and given back, and as many unregistrations of names the peer does
     * not hold: the peer stays connected, and a thread of the attacked node then registers a name
     * the legitimate peer sees.
     */
    @Test
    void thousandsOfLocksAndUnlocksLeaveRegistrationWorking() {
        attacker.flood(ClusterAttacker.NAMES, 30_000, i -> switch (i % 3) {
            case 0 -> new NamesProtocol.Lock("n" + i, i, true);
            case 1 -> new NamesProtocol.Unlock("n" + (i - 1), i - 1);
            default -> new NamesProtocol.Unregister(i, "n" + i);
        });
        LocalThread holder = attacked.spawn(() -> receive());
        assertThat(cluster.call(attacked, () -> GlobalNames.register("service", holder))).isTrue();
        Node legit = AttackedNode.legit(cluster);
        Timeouts.await(() -> cluster.call(legit, () -> GlobalNames.whereis("service")).isPresent(),
                "the legitimate peer sees the name");
        assertThat(attacker.wasCutOff()).as("the peer broke no limit").isFalse();
        Messaging.exit(holder, "done");
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** The attacker's entry for name {@code "n<i>"}: its own claim, on a thread of its own. */
    private Entry entry(int i) {
        RemoteThread.ById thread = attacker.handle(i);
        return new Entry("n" + i, thread, new Claim(System.currentTimeMillis(), attacker.node.address(),
                attacker.node.incarnation(), i));
    }
}
