package io.threadwire.tests.security;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Cluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario: an authenticated peer pushes the node to queue without bound: it floods items
 * faster than the node decodes them, or asks for replies (a Monitor of a missing thread is
 * answered by a Down) and never reads them. What the node holds for one connection must stay
 * bounded, by the read buffer and {@code outboundBufferSize}, and the legitimate peer must go
 * on being served. Runs with encryption off and on: encrypted, the node opens every frame before
 * it decodes it, and seals every answer.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(WireMode.class)
class HostileBackPressureTest {
    /** NodeConfig's default outboundBufferSize (4 MiB) and writeBufferSize (256 KiB), and slack. */
    private static final long OUTBOUND_BOUND = 16 * Heap.MB;

    /** How long the attacked node lets a sender (its own reader answering the peer, too) wait for room. */
    private static final java.time.Duration SEND_TIMEOUT = java.time.Duration.ofSeconds(2);

    /**
     * The receive buffer of the peer that never reads. Linux grows a socket's buffer with use, up
     * to {@code tcp_rmem}'s maximum (32 MB here): room for millions of answers, and a peer that
     * leaves them there is one the node cannot tell from a slow reader for a long while.
     */
    private static final int DEAF_RECEIVE_BUFFER = 64 * 1024;

    @RegisterExtension
    final Cluster cluster;

    private Bystander bystander;

    HostileBackPressureTest(WireMode mode) {
        cluster = AttackedNode.cluster(mode, b -> b.sendTimeout(SEND_TIMEOUT));
    }

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
    }

    /**
     * A peer that asks for replies and never reads them makes the node queue no more than its
     * outbound bound: the node stops reading what the peer asks until there is room for the
     * answers, and cuts the peer off once it has waited the send timeout.
     */
    @Test
    void repliesAPeerNeverReadsStayWithinTheOutboundBound() throws Exception {
        RawPeer p = AttackedNode.authenticatedPeer(cluster, DEAF_RECEIVE_BUFFER);
        try {
            long[] peak = {0};
            long[] monitors = {0};
            java.io.IOException[] cutOff = {null};
            Heap.Report heap = Heap.around("Monitors of a missing thread until cut off, replies never read", () -> {
                long t0 = System.nanoTime();
                long deadline = t0 + LONG.toNanos();
                Thread flood = Thread.ofVirtual().start(() -> { // never reads; its writes block once the node stops reading
                    try {
                        long id = 1_000_000;
                        while (System.nanoTime() < deadline) {
                            RawPeer.Bytes frame = new RawPeer.Bytes();
                            for (int i = 0; i < 4_000; i++) {
                                byte[] item = RawPeer.monitorByName(id++, "x");
                                frame.varLong(item.length).raw(item);
                            }
                            p.sendData(frame.toArray());
                            monitors[0] += 4_000;
                        }
                    } catch (java.io.IOException e) {
                        cutOff[0] = e; // the node closed the connection
                    }
                });
                if (!flood.join(LONG.plus(Delays.QUICK))) {
                    throw new AssertionError("the flood neither ended nor was cut off in " + LONG);
                }
                peak[0] = Heap.usedAfterGc();
                System.out.printf("[no-read] the node cut the peer off after %d ms and %,d Monitors (%s)%n",
                        (System.nanoTime() - t0) / 1_000_000, monitors[0], cutOff[0]);
            });
            assertThat(cutOff[0]).as("the node cuts off a peer that never reads its answers").isNotNull();
            assertThat(peak[0] - heap.before()).as("heap held for the peer that does not read").isLessThan(OUTBOUND_BOUND);
        } finally {
            p.close();
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** Frames sent faster than the node decodes them are not buffered without bound. */
    @Test
    void framesFasterThanTheNodeDecodesAreNotBufferedWithoutBound() throws Exception {
        RawPeer p = AttackedNode.authenticatedPeer(cluster);
        try {
            byte[][] heartbeats = new byte[30_000][];
            java.util.Arrays.fill(heartbeats, new byte[] {RawPeer.HEARTBEAT});
            RawPeer.Bytes body = new RawPeer.Bytes();
            for (byte[] h : heartbeats) {
                body.varLong(1).raw(h);
            }
            byte[] items = body.toArray(); // sealed anew for each send when encrypting: each frame has its own counter
            long[] peak = {0};
            Heap.Report heap = Heap.around("4,000 frames of 30,000 heartbeats, as fast as the socket takes them", () -> {
                for (int i = 0; i < 4_000; i++) {
                    p.sendData(items);
                }
                peak[0] = Heap.usedAfterGc(); // before the node has caught up
                p.sendItems(RawPeer.sendByName(Bystander.SINK, Payloads.string(4, "done")));
                bystander.awaitForeign("done"); // the node has caught up
            });
            System.out.printf("[flood] heap in use after GC right after sending: %.1f MB%n", peak[0] / (double) Heap.MB);
            assertThat(peak[0] - heap.before()).as("heap held while the node decodes").isLessThan(AttackedNode.RETAINED_BOUND);
        } finally {
            p.close();
        }
        bystander.assertServed(Bystander.MESSAGES);
    }
}
