package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.distributed.internal.cluster.protocol.SpawnProtocol;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret, and whose handshake says it admits none of the cluster
 * protocol's classes, asks the node service for what only those classes can answer (its
 * {@code NodeInfo}, a spawn), many times. No answer can travel to it; each such request must
 * cost the node no more than the others: no error with its stack trace each (a peer must not be
 * able to fill the node's log, nor spend its time formatting stack traces), a line now and then,
 * and the service goes on answering.
 */
class HostileUnadmittedAnswerTest {
    private static final int REQUESTS = 100;
    private static final long LAST_TAG = 1_000_000;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED);

    @Test
    void requestsWhoseAnswerCannotTravelLogNoErrorEach() throws Exception {
        Node attacked = AttackedNode.attacked(cluster);
        NodeAddress claimed = RawPeer.fakeAddress();
        MessageCodec codec = AttackedNode.clusterCodec();
        RemoteThread.ById caller = new RemoteThread.ById(claimed, 1, 1);
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Object asked = i % 2 == 0 ? new InspectProtocol.Info()
                    : new SpawnProtocol.Request("no-such-behaviour", new byte[0], "x", false, false); // refused: the refusal cannot travel either
            items.add(RawPeer.sendByName("threadwire.node", codec.encode(new Synchronous(asked, caller, i + 1), null)));
        }
        // answered with an Optional, which every node admits: once it is here, every request before it was handled
        items.add(RawPeer.sendByName("threadwire.node",
                codec.encode(new Synchronous(new InspectProtocol.WhereIs("nobody"), caller, LAST_TAG), null)));
        try (RawPeer p = RawPeer.connect(attacked.address()); LogCapture log = LogCapture.start()) {
            assertThat(p.handshake(AttackedNode.secret(cluster), claimed)).isEqualTo(RawPeer.WELCOME);
            p.sendItems(items.toArray(byte[][]::new));
            awaitReply(p, LAST_TAG);
            assertThat(log.lines().stream().filter(l -> l.contains("ServiceLoop")).count())
                    .as("errors logged with a stack trace (for %s requests)", REQUESTS).isZero();
            assertThat(log.lines().stream().filter(l -> l.contains("could not answer")))
                    .as("one line now and then for answers that cannot travel").hasSizeLessThanOrEqualTo(1);
        }
    }

    /** Reads what the node sends until the Reply to call {@code tag}. */
    private static void awaitReply(RawPeer p, long tag) throws IOException {
        p.readItemsUntil((kind, reply) -> {
            if (kind != RawPeer.REPLY) {
                return false;
            }
            reply.u8(); // the target's kind: by id
            reply.varLong(); // the caller's id
            reply.longLE(); // its incarnation
            return reply.varLong() == tag;
        }, () -> "the answer to call " + tag);
    }
}
