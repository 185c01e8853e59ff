package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeMonitor;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario: an authenticated peer monitors one of the node's threads thousands of times, within
 * its budget, and reads nothing; the thread then ends with a long reason (the peer can bring that
 * about itself, with an exit signal of its choosing). Each monitor is owed a Down, which the node
 * queues without waiting: at 50 KB of reason each, thousands of them would be hundreds of MB.
 * The node must still send every monitor its one Down, in a bounded queue: past a backlog the
 * reasons go compact (so do link exits, for a peer that links instead) (kind, class, the start of the text), made so from the start rather than
 * cut from a whole one, and a peer that leaves even those unread past a ceiling is cut off. Runs with encryption off and on, and under TLS.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(WireMode.class)
class HostileSignalFanOutTest {
    /**
     * The attacked node's outboundBufferSize, the smallest allowed: signals go compact once 128
     * KiB wait (twice the limit), and the connection closes at 1 MiB (sixteen times).
     */
    private static final int OUTBOUND = 64 << 10;
    /** A receive buffer the peer never empties: the node's queue, not the socket, holds what it sends. */
    private static final int DEAF_RECEIVE_BUFFER = 64 << 10;
    private static final String VICTIM = "victim";
    /** What the victim's exception says: a Down of about 50 KB. */
    private static final String LONG_REASON = "x".repeat(50_000);

    @RegisterExtension
    final Cluster cluster;

    private Bystander bystander;

    HostileSignalFanOutTest(WireMode mode) {
        cluster = AttackedNode.cluster(mode, b -> b.outboundBufferSize(OUTBOUND));
    }

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
    }

    /**
     * 3,000 monitors of a thread that ends with a 50 KB reason, by a peer that reads only once
     * the thread has ended: the heap holds a bounded queue, not 150 MB of Downs, and then every
     * monitor has exactly one Down, the first ones whole, the rest compact.
     */
    @Test
    void everyWatcherOfALongReasonGetsItsOneDownFromABoundedQueue() throws Exception {
        int watchers = 3_000;
        Victim victim = spawnVictim();
        RawPeer p = AttackedNode.authenticatedPeer(cluster, DEAF_RECEIVE_BUFFER);
        try {
            victim.monitorFrom(p, watchers);
            Heap.around("3,000 Downs of a 50 KB reason for a peer that does not read", victim::endAndWait)
                    .assertRetainedBelow(16 * Heap.MB) // whole, the Downs would hold 150 MB
                    .assertAllocatedBelow(64 * Heap.MB); // each made whole before it is made compact: 430 MB

            Signals downs = readSignals(p, watchers, RawPeer.DOWN);
            System.out.printf("[fan-out] %,d Downs: %,d whole, %,d compact%n", watchers, downs.whole, downs.compact);
            assertThat(downs.whole).as("Downs with the whole reason (sent before the backlog)").isPositive();
            assertThat(downs.compact).as("Downs with a compact reason (once a backlog waited)").isPositive();
        } finally {
            p.close();
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * The same with 3,000 links (by name, from 3,000 threads of the peer): every link has exactly
     * one exit, and the exits past the backlog are made compact from the start, not made whole
     * and then cut.
     */
    @Test
    void everyLinkOfALongReasonGetsItsOneExitFromABoundedQueue() throws Exception {
        int links = 3_000;
        Victim victim = spawnVictim();
        RawPeer p = AttackedNode.authenticatedPeer(cluster, DEAF_RECEIVE_BUFFER);
        try {
            victim.linkFrom(p, links);
            Heap.around("3,000 link exits of a 50 KB reason for a peer that does not read", victim::endAndWait)
                    .assertRetainedBelow(16 * Heap.MB) // whole, the exits would hold 150 MB
                    .assertAllocatedBelow(64 * Heap.MB); // each made whole before it is made compact: 575 MB

            Signals exits = readSignals(p, links, RawPeer.LINK_EXIT);
            System.out.printf("[fan-out] %,d link exits: %,d whole, %,d compact%n", links, exits.whole, exits.compact);
            assertThat(exits.whole).as("exits with the whole reason (sent before the backlog)").isPositive();
            assertThat(exits.compact).as("exits with a compact reason (once a backlog waited)").isPositive();
        } finally {
            p.close();
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * 20,000 monitors: even compact, their Downs pass the ceiling, and the peer that leaves them
     * unread is cut off, for that reason (and not later, for the heartbeats it does not send).
     */
    @Test
    void aPeerThatLeavesTooManyDownsUnreadIsCutOff() throws Exception {
        Victim victim = spawnVictim();
        NodeMonitor events = AttackedNode.attacked(cluster).monitorNodes();
        RawPeer p = AttackedNode.authenticatedPeer(cluster, DEAF_RECEIVE_BUFFER);
        try {
            NodeUp up = (NodeUp) receiveIf(m -> m instanceof NodeUp, LONG);
            victim.monitorFrom(p, 20_000);
            Heap.around("20,000 Downs of a 50 KB reason for a peer that does not read", victim::endAndWait)
                    .assertRetainedBelow(16 * Heap.MB)
                    .assertAllocatedBelow(64 * Heap.MB);
            NodeDown down = (NodeDown) receiveIf(m -> m instanceof NodeDown, LONG);
            assertThat(down.node()).isEqualTo(up.node());
            assertThat(down.reason()).as("why the node lost the peer").contains("unread");
            p.awaitClosed(LONG);
        } finally {
            events.cancel();
            p.close();
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A thread of the attacked node, registered as {@link #VICTIM}, that fails with {@link #LONG_REASON} when told "die". */
    private Victim spawnVictim() {
        return Victim.spawn(AttackedNode.attacked(cluster), VICTIM, LONG_REASON);
    }

    private record Signals(int whole, int compact) {
    }

    /**
     * Reads until the peer has a signal of {@code kind} (a Down, or a link exit) for each of its
     * monitors, or threads, 1 to {@code count}; asserts none comes twice and each says the victim
     * crashed with an {@code IllegalStateException} whose message is the long reason, whole or
     * cut to its start and marked.
     */
    private static Signals readSignals(RawPeer p, int count, int kind) throws IOException {
        BitSet seen = new BitSet();
        int[] whole = {0};
        int[] compact = {0};
        p.readItemsUntil((itemKind, items) -> {
            if (itemKind == kind) {
                if (kind == RawPeer.LINK_EXIT) {
                    assertThat(items.u8()).as("the ended thread, by id").isEqualTo(RawPeer.TARGET_BY_ID);
                    items.varLong(); // its id
                    items.skip(Long.BYTES); // its incarnation
                }
                int id = (int) items.varLong(); // the monitor's id, or the linked thread's
                assertThat(seen.get(id)).as("a second signal for %d", id).isFalse();
                seen.set(id);
                assertThat(items.u8()).as("the reason's kind: crashed").isEqualTo(RawPeer.REASON_CRASHED);
                assertThat(items.text()).isEqualTo(IllegalStateException.class.getName());
                assertThat(items.u8()).as("a message follows").isEqualTo(1);
                String message = items.text();
                if (message.equals(LONG_REASON)) {
                    whole[0]++;
                } else {
                    assertThat(message).endsWith("\u2026");
                    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(128);
                    assertThat(LONG_REASON).startsWith(message.substring(0, message.length() - 1));
                    compact[0]++;
                }
            }
            return seen.cardinality() >= count;
        }, () -> String.format("signals: %,d of %,d", seen.cardinality(), count));
        assertThat(seen.nextSetBit(0)).as("the first id").isEqualTo(1);
        assertThat(seen.length() - 1).as("the last id").isEqualTo(count);
        return new Signals(whole[0], compact[0]);
    }
}
