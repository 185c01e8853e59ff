package io.threadwire.distributed.internal.cluster;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeStats;
import io.threadwire.distributed.internal.cluster.names.NameViews;
import io.threadwire.distributed.internal.cluster.names.NamesService;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An engine that records what a cluster service sends, so that a test can drive the service
 * message by message on its own thread: no connections, no peers but those the test makes up.
 */
public final class FakeClusterPort implements ClusterPort {
    public static final NodeAddress SELF = new NodeAddress("127.0.0.1", 5000);
    /** Smaller than this node's address: the gate of its registrations. */
    public static final PeerInfo GATE = new PeerInfo(new NodeAddress("127.0.0.1", 4000), 11, "", false);
    public static final PeerInfo X = new PeerInfo(new NodeAddress("127.0.0.1", 6000), 22, "", false);

    public record Sent(NodeAddress to, Object message) {
    }

    public final List<Sent> sent = new ArrayList<>();
    /** Every node a dial was made to; no dial reaches one (dials run on helper threads). */
    public final List<NodeAddress> dialed = new CopyOnWriteArrayList<>();
    private final NodeConfig config;
    private final NodeAddress address;
    private final long incarnation;

    public FakeClusterPort(ClusterLimits limits) {
        this(limits, SELF, 1);
    }

    /** An engine of the node at {@code address}, in its {@code incarnation}: one of several a test makes up. */
    public FakeClusterPort(ClusterLimits limits, NodeAddress address, long incarnation) {
        config = NodeConfig.builder().secret("0123456789abcdef0123456789abcdef").clusterLimits(limits).build();
        this.address = address;
        this.incarnation = incarnation;
    }

    /** A names service on this engine, started on the calling thread (which then receives its own messages). */
    public NamesService startNames(NameViews views) {
        NamesService s = new NamesService(this, "threadwire.names", views);
        s.start();
        return s;
    }

    /** Hands the service what it sent itself (its own locks go through its mailbox), until nothing is left. */
    public static void drain(Service s) {
        for (;;) {
            Object m;
            try {
                m = Messaging.receive(Duration.ZERO);
            } catch (ReceiveTimeoutException e) {
                return;
            }
            s.handle(m);
        }
    }

    /** The lines logged while {@code action} runs (slf4j-simple writes each line to System.err as it finds it then). */
    public static List<String> logLinesWhile(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return log.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** A thread that lives until the test ends. */
    public static LocalThread idle() {
        return Messaging.spawn(() -> Messaging.receive());
    }

    public <T> List<T> sentTo(NodeAddress to, Class<T> type) {
        return sent.stream().filter(s -> s.to().equals(to) && type.isInstance(s.message()))
                .map(s -> type.cast(s.message())).toList();
    }

    @Override
    public NodeAddress address() {
        return address;
    }

    @Override
    public long incarnation() {
        return incarnation;
    }

    @Override
    public String name() {
        return "";
    }

    @Override
    public boolean hidden() {
        return false;
    }

    @Override
    public boolean closing() {
        return false;
    }

    @Override
    public NodeConfig config() {
        return config;
    }

    @Override
    public NodeStats stats() {
        return null;
    }

    @Override
    public Subscription subscribe(LocalThread watcher) {
        return new Subscription(List.of(), () -> true);
    }

    @Override
    public Subscription subscribe(LocalThread watcher, Function<PeerEvent, Object> mapper) {
        return subscribe(watcher);
    }

    @Override
    public List<PeerInfo> peersUp() {
        return List.of();
    }

    @Override
    public PeerInfo connect(NodeAddress node, Duration timeout) {
        dialed.add(node);
        throw new IllegalStateException("no node is reachable from a fake engine: " + node);
    }

    @Override
    public boolean isOfPeer(NodeAddress node, NodeAddress peer) {
        return node.equals(peer);
    }

    @Override
    public boolean isSelf(NodeAddress node) {
        return node.equals(address);
    }

    @Override
    public boolean sendIfConnected(RemoteThread to, Object message) {
        sent.add(new Sent(to.node(), message));
        return true;
    }

    @Override
    public void disconnect(PeerInfo peer, String reason) {
        sent.add(new Sent(peer.address(), "DISCONNECT: " + reason));
    }

    @Override
    public LocalThread startService(String name, Runnable body) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LocalThread whereis(String name) {
        return null;
    }

    @Override
    public Set<String> registeredNames() {
        return Set.of();
    }

    @Override
    public byte[] encode(Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Object decode(byte[] bytes) {
        throw new UnsupportedOperationException();
    }
}
