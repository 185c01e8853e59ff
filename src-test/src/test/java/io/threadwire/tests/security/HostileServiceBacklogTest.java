package io.threadwire.tests.security;

import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.internal.ThreadDumps;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario: a peer that holds the secret asks the node service question after question (a
 * WhereIs: some 60 bytes each, answered by everyone's codec) and reads none of the answers. The
 * service then waits for room to answer, up to the send timeout, while the peer's requests keep
 * arriving. They must not pile up in the service's mailbox: the node stops reading the peer
 * (TCP slows it down) while a megabyte of its messages wait for the services, then cuts it off,
 * and the legitimate peer is served throughout.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(WireMode.class)
class HostileServiceBacklogTest {
    /**
     * Long enough for the flood to be sent whole before the node gives up on the peer (some
     * 250,000 requests a second here; unbounded, the node reads them all); the test waits for
     * the node to cut the peer off, so this is also how long the test takes.
     */
    private static final Duration SEND_TIMEOUT = Timeouts.scaled(Duration.ofSeconds(5));
    /** Requests sent: held all at once, some 140 MB of heap (200 bytes each), twice the bound asserted. */
    private static final int REQUESTS = 700_000;
    /** The peer that never reads: see HostileBackPressureTest. */
    private static final int DEAF_RECEIVE_BUFFER = 64 * 1024;

    private final WireMode mode;

    @RegisterExtension
    final Cluster cluster;

    private Bystander bystander;

    HostileServiceBacklogTest(WireMode mode) {
        this.mode = mode;
        cluster = AttackedNode.cluster(mode, b -> b.sendTimeout(SEND_TIMEOUT));
    }

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
    }

    @Test
    void requestsOfAPeerThatReadsNoAnswerDoNotPileUpAtTheService() throws Exception {
        Node attacked = AttackedNode.attacked(cluster);
        NodeAddress claimed = RawPeer.fakeAddress();
        byte[] request = RawPeer.sendByName("threadwire.node", AttackedNode.clusterCodec().encode(
                new Synchronous(new InspectProtocol.WhereIs("nobody"), new RemoteThread.ById(claimed, 1, 1), 1), null));
        byte[][] frame = new byte[1_000][];
        Arrays.fill(frame, request);
        RawPeer p = RawPeer.connect(attacked.address(), DEAF_RECEIVE_BUFFER);
        if (mode == WireMode.TLS) {
            p.withTls(SuiteTls.rawPeerContext());
        }
        try {
            assertThat(p.handshake(AttackedNode.secret(cluster), claimed)).isEqualTo(RawPeer.WELCOME);
            long[] sent = {0};
            IOException[] cutOff = {null};
            long[] held = {0};
            Heap.Report heap = Heap.around(REQUESTS + " requests to the node service, answers never read", () -> {
                Thread flood = Thread.ofVirtual().start(() -> {
                    try {
                        while (sent[0] < REQUESTS) {
                            p.sendItems(frame);
                            sent[0] += frame.length;
                        }
                    } catch (IOException e) {
                        cutOff[0] = e; // the node closed the connection
                    }
                });
                if (!flood.join(SEND_TIMEOUT.plus(LONG))) {
                    // Neither reading nor closing: say where the node's side of the connection stands
                    throw new AssertionError(mode + ": the flood neither ended nor was cut off in " + SEND_TIMEOUT.plus(LONG)
                            + "; " + sent[0] + " requests sent; the flood's thread at "
                            + Arrays.stream(flood.getStackTrace()).limit(4).map(String::valueOf).toList()
                            + "; " + ThreadDumps.write("service-backlog") + "; the attacked node's links:\n"
                            + Faults.of(attacked).describeLinks());
                }
                // Sent whole (unbounded, the node reads it all before the service gives up on the
                // peer), or cut off: either way, what the node holds for the peer now.
                held[0] = Heap.usedAfterGc();
                System.out.printf("[service backlog] %,d requests sent, cut off: %s%n", sent[0], cutOff[0]);
            });
            assertThat(held[0] - heap.before()).as("heap held for the peer's requests to the node service")
                    .isLessThan(AttackedNode.RETAINED_BOUND);
        } finally {
            p.close();
        }
        Optional<Duration> ping = AttackedNode.legit(cluster).remote(attacked.address()).ping();
        assertThat(ping).as("the node service answers the legitimate peer").isPresent();
        bystander.assertServed(Bystander.MESSAGES);
    }
}
