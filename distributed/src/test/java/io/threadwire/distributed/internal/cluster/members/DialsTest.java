package io.threadwire.distributed.internal.cluster.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeStats;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Addresses that peers name and nobody reaches never push a member really lost out of the redials. */
class DialsTest {
    private static final int MAX_MEMBERS = 4;

    /** A port on which every dial fails, recording what was dialed. */
    private static final class Unreachable implements ClusterPort {
        final ConcurrentLinkedQueue<NodeAddress> dialed = new ConcurrentLinkedQueue<>();
        final NodeConfig config = NodeConfig.builder().seedRetry(Duration.ofMillis(1), Duration.ofMillis(1))
                .clusterLimits(new ClusterLimits(MAX_MEMBERS, 10, 10, 10, 1, 10, 10)).build();

        @Override
        public PeerInfo connect(NodeAddress node, Duration timeout) {
            dialed.add(node);
            throw new IllegalStateException("unreachable in this test: " + node);
        }

        @Override
        public NodeConfig config() {
            return config;
        }

        @Override
        public NodeAddress address() {
            return new NodeAddress("127.0.0.1", 1);
        }

        @Override
        public boolean isSelf(NodeAddress node) {
            return node.equals(address());
        }

        // ---- not used by Dials ----
        @Override public long incarnation() { throw new UnsupportedOperationException(); }
        @Override public String name() { throw new UnsupportedOperationException(); }
        @Override public boolean hidden() { throw new UnsupportedOperationException(); }
        @Override public NodeStats stats() { throw new UnsupportedOperationException(); }
        @Override public Subscription subscribe(LocalThread watcher) { throw new UnsupportedOperationException(); }
        @Override public Subscription subscribe(LocalThread watcher, Function<PeerEvent, Object> mapper) { throw new UnsupportedOperationException(); }
        @Override public List<PeerInfo> peersUp() { throw new UnsupportedOperationException(); }
        @Override public boolean sendIfConnected(RemoteThread to, Object message) { throw new UnsupportedOperationException(); }
        @Override public void disconnect(PeerInfo peer, String reason) { throw new UnsupportedOperationException(); }
        @Override public LocalThread startService(String name, Runnable body) { throw new UnsupportedOperationException(); }
        @Override public LocalThread whereis(String name) { throw new UnsupportedOperationException(); }
        @Override public Set<String> registeredNames() { throw new UnsupportedOperationException(); }
        @Override public byte[] encode(Object value) { throw new UnsupportedOperationException(); }
        @Override public Object decode(byte[] bytes) { throw new UnsupportedOperationException(); }
    }

    /** Scenario: a member is lost; peers then name ten addresses nobody reaches; the lost member is still dialed again. */
    @Test
    void addressesNobodyReachesDoNotPushOutALostMember() {
        Unreachable port = new Unreachable();
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
