package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Transport;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeStats;
import io.threadwire.distributed.NodeUnreachableException;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.serialize.MessageCodec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The engine's side of {@link ClusterPort}: each method a few lines over the engine's parts. */
final class ClusterHooks implements ClusterPort {
    private final NodeEngine engine;
    private final Transport self;
    private final Addresses addresses;
    private final Peers peers;
    private final Admission admission;
    private final Outbound outbound;
    private final PeerEvents events;
    private final Services services;
    private final Supplier<NodeStats> stats;
    private final MessageCodec codec;

    ClusterHooks(NodeEngine engine, Transport self, Addresses addresses, Peers peers, Admission admission,
                 Outbound outbound, PeerEvents events, Services services, Supplier<NodeStats> stats, MessageCodec codec) {
        this.engine = engine;
        this.self = self;
        this.addresses = addresses;
        this.peers = peers;
        this.admission = admission;
        this.outbound = outbound;
        this.events = events;
        this.services = services;
        this.stats = stats;
        this.codec = codec;
    }

    @Override
    public NodeAddress address() {
        return engine.address();
    }

    @Override
    public long incarnation() {
        return engine.incarnation();
    }

    @Override
    public String name() {
        return engine.config().listen().name();
    }

    @Override
    public boolean hidden() {
        return engine.config().listen().hidden();
    }

    @Override
    public boolean closing() {
        return engine.isEnding();
    }

    @Override
    public NodeConfig config() {
        return engine.config();
    }

    @Override
    public NodeStats stats() {
        return stats.get();
    }

    @Override
    public Subscription subscribe(LocalThread watcher) {
        return subscribe(watcher, e -> e);
    }

    @Override
    public Subscription subscribe(LocalThread watcher, Function<PeerEvent, Object> mapper) {
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(mapper, "mapper");
        PeerEvents.Subscription s = events.subscribe(watcher, mapper);
        if (s == null) {
            throw new IllegalStateException("cannot subscribe " + watcher + " to peer events: it has ended");
        }
        return new Subscription(s.up(), s.registration());
    }

    @Override
    public List<PeerInfo> peersUp() {
        return events.up();
    }

    @Override
    public PeerInfo connect(NodeAddress node, Duration timeout) {
        Objects.requireNonNull(node, "node");
        NodeAddress canonical = addresses.resolve(node);
        if (isSelf(canonical)) {
            throw new NodeUnreachableException(node, "it is this node itself", null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Connected c = peers.with(canonical, link -> {
                try {
                    return new Connected(link, link.connect(deadline));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NodeUnreachableException(node, "interrupted while connecting", e);
                }
            });
            return PeerIdentity.of(c.link(), c.channel());
        } catch (NodeUnreachableException e) {
            if (isSelf(canonical)) {
                throw new NodeUnreachableException(node, "it is this node itself", e);
            }
            throw e;
        }
    }

    private record Connected(PeerLink link, Channel channel) {
    }

    @Override
    public boolean isOfPeer(NodeAddress node, NodeAddress peer) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(peer, "peer");
        PeerLink link = peers.existing(peer);
        Channel c = link == null ? null : link.channel();
        return c != null && node.equals(c.remote().address()) || addresses.known(node).equals(peer);
    }

    @Override
    public boolean isSelf(NodeAddress node) {
        return addresses.isSelf(node);
    }

    @Override
    public boolean sendIfConnected(RemoteThread to, Object message) {
        return outbound.sendIfConnected(to, message);
    }

    @Override
    public void disconnect(PeerInfo peer, String reason) {
        PeerLink link = peers.existing(peer.address());
        Channel c = link == null ? null : link.channel();
        if (c != null && c.remote().incarnation() == peer.incarnation()) {
            c.close(reason);
        }
    }

    @Override
    public LocalThread startService(String name, Runnable body) {
        if (!Services.isReserved(name)) {
            throw new IllegalArgumentException("a service's name starts with " + RESERVED_PREFIX + ": " + name);
        }
        return LocalThreads.spawn(self, name, body, t -> {
            services.add(t, name);
            engine.names().register(name, t);
        });
    }

    @Override
    public LocalThread whereis(String name) {
        return engine.names().lookup(name);
    }

    @Override
    public Set<String> registeredNames() {
        return engine.names().names().stream().filter(n -> !Services.isReserved(n)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public byte[] encode(Object value) {
        return codec.encode(value, null);
    }

    @Override
    public Object decode(byte[] bytes) {
        return codec.decode(bytes, 0, bytes.length);
    }
}
