package io.threadwire.distributed.internal;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Listener;
import com.esotericsoftware.kryonet.Server;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.ThreadwireException;
import io.threadwire.core.internal.Stats;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.core.spi.Transports;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeStats;
import io.threadwire.distributed.NodeUnreachableException;
import io.threadwire.distributed.SendTimeoutException;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.UndecodableMessageException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of a node: its KryoNet server, its peers, the threads it owns and exports, its
 * registry of names, and the {@link Transport} through which core reaches other nodes.
 *
 * <p>Tables: {@link #peers} (one {@link Peer} per other node, by canonical address);
 * {@link #exports} (threads whose handles have left this node, by id: what an incoming
 * {@code Send} by id can reach); {@link #names} (names reachable from other nodes);
 * {@link #threads} (threads owned by this node, stopped when it closes); {@link #outLinks} and
 * {@link #inLinks} (links across nodes, for unlink).
 *
 * <p>Threads: one platform thread runs the KryoNet server ({@link EndpointLoop}), one more per
 * outbound connection; every channel has a reader and a writer virtual thread; one virtual
 * thread, the failure detector, closes channels that went silent past the heartbeat timeout
 * and connections that did not authenticate in time.
 */
public final class NodeRuntime implements Transport, HandleResolver {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    private static final Logger TRACE = LoggerFactory.getLogger("io.threadwire.trace");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NodeConfig config;
    private final Settings settings;
    private final NodeAddress address;
    private final long incarnation;
    private final Authenticator authenticator;
    private final MessageCodec codec;
    private final Server server;
    private final EndpointLoop serverLoop;
    private final Object facade;

    private final Map<NodeAddress, Peer> peers = new ConcurrentHashMap<>();
    private final Map<NodeAddress, NodeAddress> canonical = new ConcurrentHashMap<>();
    private final Map<Long, LocalThread> exports = new ConcurrentHashMap<>();
    private final LocalThreads.Names names;
    private final Set<LocalThread> threads = ConcurrentHashMap.newKeySet();
    private final Set<Channel> handshaking = ConcurrentHashMap.newKeySet();
    private final Map<Connection, Channel> channels = new ConcurrentHashMap<>(); // KryoNet has no per-connection slot
    private final Map<LinkKey, Registration> outLinks = new ConcurrentHashMap<>();
    private final Map<LinkKey, Registration> inLinks = new ConcurrentHashMap<>();
    private final Set<NodeAddress> partitioned = ConcurrentHashMap.newKeySet();
    private final AtomicLong monitorIds = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Thread detector;
    private volatile boolean closed;

    /** A link between a thread of this node and a thread of another, as each side files it. */
    private record LinkKey(NodeAddress remoteNode, long remoteId, String remoteName, long localId) {
    }

    private NodeRuntime(NodeConfig config, Object facade) {
        MinlogBridge.install();
        this.config = config;
        this.facade = facade;
        this.settings = Settings.of(config);
        this.incarnation = RANDOM.nextLong() & Long.MAX_VALUE | 1;
        this.authenticator = new Authenticator(Secrets.resolve(config.secret()));
        this.server = new Server(settings.writeBufferBytes(), settings.readBufferBytes(), new FrameSerialization(true, this));
        this.server.addListener(new NetworkListener(true));
        int port;
        try {
            port = bind(server, config.bindHost(), config.port());
        } catch (RuntimeException e) {
            try {
                server.dispose(); // its selector and server channel are open already
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.address = new NodeAddress(config.host(), port);
        this.names = LocalThreads.newNameRegistry("node " + address);
        this.codec = new MessageCodec(config.types(), config.maxMessageSize(), config.maxNestingDepth(), this);
        this.serverLoop = new EndpointLoop("threadwire-net-" + port, server, true);
        this.serverLoop.start();
        this.detector = Thread.ofVirtual().name("threadwire-detector-" + port).start(this::detectFailures);
        LOG.info("node {} started (incarnation {}{})", address, Long.toHexString(incarnation),
                config.bindHost().equals(config.host()) ? "" : ", listening on " + config.bindHost());
    }

    /** Starts a node: binds its port (0: a free one) and starts listening. */
    public static NodeRuntime start(NodeConfig config, Object facade) {
        return new NodeRuntime(config, facade);
    }

    private static int bind(Server server, String host, int port) {
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ThreadwireException("cannot listen on " + host + ": unknown host", e);
        }
        for (int attempt = 0; ; attempt++) {
            int p = port;
            try {
                if (p == 0) { // KryoNet cannot tell which port it bound: find a free one first
                    try (ServerSocket probe = new ServerSocket(0, 1, bindAddress)) {
                        p = probe.getLocalPort();
                    }
                }
                server.bind(new InetSocketAddress(bindAddress, p), null);
                return p;
            } catch (BindException e) {
                if (port != 0) {
                    throw new ThreadwireException("cannot listen on " + host + ":" + port
                            + ": the port is already in use; pick another port, or 0 for any free one", e);
                }
                if (attempt >= 20) {
                    throw new ThreadwireException("cannot find a free port on " + host, e);
                }
            } catch (IOException e) {
                throw new ThreadwireException("cannot listen on " + host + ":" + p + ": " + e.getMessage(), e);
            }
        }
    }

    // ---- accessors --------------------------------------------------------------------------------

    @Override
    public NodeAddress address() {
        return address;
    }

    public long incarnation() {
        return incarnation;
    }

    public NodeConfig config() {
        return config;
    }

    /** The public {@code Node} this engine runs. */
    public Object facade() {
        return facade;
    }

    Settings settings() {
        return settings;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    long nextMonitorId() {
        return monitorIds.incrementAndGet();
    }

    public boolean isClosed() {
        return closed;
    }

    public LocalThreads.Names names() {
        return names;
    }

    public NodeStats stats() {
        int up = 0;
        for (Peer p : Set.copyOf(peers.values())) {
            if (p.channel() != null) {
                up++;
            }
        }
        return new NodeStats(sent.sum(), received.sum(), dropped.sum(), up);
    }

    /** Threads owned by this node that are still running (a snapshot). */
    public Set<LocalThread> threads() {
        return Set.copyOf(threads);
    }

    /** Addresses of the nodes this node has a connection up with (a snapshot). */
    public Set<NodeAddress> connectedNodes() {
        Set<NodeAddress> up = ConcurrentHashMap.newKeySet();
        for (Peer p : peers.values()) {
            Channel c = p.channel();
            if (c != null) {
                up.add(p.address());
            }
        }
        return Set.copyOf(up);
    }

    // ---- threads -----------------------------------------------------------------------------------

    @Override
    public void threadStarted(LocalThread thread) {
        threads.add(thread);
        LocalThreads.onExit(thread, (t, reason) -> threads.remove(thread));
    }

    public LocalThread spawn(String name, Runnable body) {
        checkOpen();
        return LocalThreads.spawn(this, name, body);
    }

    // ---- Transport: what core asks of this node ------------------------------------------------

    @Override
    public void send(RemoteThread to, Object message, LocalThread sender) {
        checkOpen();
        NodeAddress node = canonical(to.node());
        if (node.equals(address)) {
            deliverHere(target(to), message);
            return;
        }
        byte[] item = WireFormat.send(codec, target(to), message);
        if (TRACE.isTraceEnabled()) {
            TRACE.trace("SND {} <- {} ({} bytes) from {}", to, message, item.length, sender);
        }
        if (sendData(peer(node), item)) {
            sent.increment();
        }
    }

    @Override
    public void reply(RemoteThread to, long tag, Object reply, LocalThread sender) {
        checkOpen();
        if (!(to instanceof RemoteThread.ById caller)) {
            throw new IllegalArgumentException("a reply goes to the thread that made the call, not to a name: " + to);
        }
        NodeAddress node = canonical(caller.node());
        if (node.equals(address)) {
            LocalThread t = caller.incarnation() == incarnation ? exports.get(caller.id()) : null;
            if (t != null) {
                LocalThreads.deliverReply(t, tag, reply);
            }
            return;
        }
        if (sendData(peer(node), WireFormat.reply(codec, caller.id(), caller.incarnation(), tag, reply))) {
            sent.increment();
        }
    }

    /** Queues an application item for a peer; false if it was dropped (the connection closed as it was queued). */
    private boolean sendData(Peer peer, byte[] item) {
        long deadline = System.nanoTime() + settings.connectTimeoutNanos();
        try {
            Channel channel = peer.awaitChannel(deadline);
            Channel.Outcome outcome = channel == null ? Channel.Outcome.CLOSED
                    : channel.sendData(item, System.nanoTime() + settings.sendTimeoutNanos());
            switch (outcome) {
                case QUEUED -> {
                    return true;
                }
                case TIMED_OUT -> throw new SendTimeoutException(peer.address(), channel.budget().used());
                default -> {
                    dropped();
                    LOG.debug("dropped a message to {}: the connection is being lost", peer.address());
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.threadwire.core.ReceiveInterruptedException("interrupted while sending to " + peer.address());
        }
    }

    @Override
    public Registration monitor(RemoteThread target, ExitHook hook) {
        checkOpen();
        NodeAddress node = canonical(target.node());
        if (node.equals(address)) { // a remote handle that names this very node
            LocalThread t = lookup(target(target));
            Registration r = t == null ? null : LocalThreads.onExit(t, (x, reason) -> hook.exited(target, reason));
            if (r == null) {
                Thread.ofVirtual().start(() -> hook.exited(target, ExitReason.NOPROC)); // never on the caller, as promised
                return () -> false;
            }
            return r;
        }
        return peer(node).watch(target, target(target), hook);
    }

    @Override
    public void link(LocalThread local, RemoteThread remote) {
        checkOpen();
        NodeAddress node = canonical(remote.node());
        if (node.equals(address)) {
            throw new IllegalArgumentException("link to " + remote + ": it names a thread of this node; link to the"
                    + " LocalThread instead");
        }
        Peer peer = peer(node);
        export(local);
        LinkKey key = linkKey(node, remote, local.id());
        Registration watch = peer.watch(remote, target(remote), (who, reason) -> {
            outLinks.remove(key);
            if (!reason.isNormal()) {
                LocalThreads.linkedFailure(local, remote, reason);
            }
        });
        Registration onLocalExit = LocalThreads.onExit(local, (t, reason) -> {
            outLinks.remove(key);
            watch.cancel(); // the other node learns of this end through its own watch
        });
        Registration both = () -> {
            boolean a = watch.cancel();
            if (onLocalExit != null) {
                onLocalExit.cancel();
            }
            return a;
        };
        Registration previous = outLinks.put(key, both);
        if (previous != null) {
            previous.cancel();
        }
        peer.sendControl(WireFormat.link(local.id(), target(remote)));
    }

    @Override
    public void registerName(String name, LocalThread thread) {
        names.register(name, thread);
    }

    @Override
    public void unlink(LocalThread local, RemoteThread remote) {
        checkOpen();
        NodeAddress node = canonical(remote.node());
        Registration r = outLinks.remove(linkKey(node, remote, local.id()));
        if (r != null) {
            r.cancel();
            peer(node).sendControlIfUp(WireFormat.unlink(local.id(), target(remote)));
        }
    }

    private static LinkKey linkKey(NodeAddress node, RemoteThread remote, long localId) {
        return remote instanceof RemoteThread.ById byId
                ? new LinkKey(node, byId.id(), null, localId)
                : new LinkKey(node, -1, ((RemoteThread.Named) remote).name(), localId);
    }

    // ---- HandleResolver: handles in messages ----------------------------------------------------

    @Override
    public RemoteThread.ById export(LocalThread thread) {
        Transport owner = LocalThreads.owner(thread);
        if (owner instanceof NodeRuntime other && other != this) {
            return other.export(thread); // a thread of another node of this JVM carries that node's address
        }
        long id = thread.id();
        if (!exports.containsKey(id) && exports.putIfAbsent(id, thread) == null) {
            Registration r = LocalThreads.onExit(thread, (t, reason) -> exports.remove(id, thread));
            if (r == null) {
                exports.remove(id, thread);
            }
        }
        return new RemoteThread.ById(address, incarnation, id);
    }

    @Override
    public ThreadRef resolve(RemoteThread.ById handle) {
        if (handle.incarnation() == incarnation && canonical(handle.node()).equals(address)) {
            LocalThread t = exports.get(handle.id());
            if (t != null) {
                return t;
            }
        }
        return handle;
    }

    // ---- what arrives ------------------------------------------------------------------------------

    /** Handles one item from {@code channel}; runs on the channel's reader thread. */
    void dispatch(Channel channel, Wire.Item item) {
        switch (item) {
            case Wire.Send s -> {
                LocalThread t = lookup(s.target());
                if (t == null) {
                    dropped();
                    LOG.debug("dropped a message from {} for {}: no such thread", channel.remoteAddress(), s.target());
                    return;
                }
                Object message;
                try {
                    message = codec.decode(s.payload().bytes(), s.payload().offset(), s.payload().length());
                } catch (UndecodableMessageException e) {
                    undecodable(channel, e);
                    return;
                }
                if (TRACE.isTraceEnabled()) {
                    TRACE.trace("RCV {} -> {}: {}", channel.remoteAddress(), t, message);
                }
                if (LocalThreads.deliver(t, message)) {
                    received.increment();
                } else {
                    dropped();
                }
            }
            case Wire.Reply r -> {
                LocalThread t = r.incarnation() == incarnation ? exports.get(r.callerId()) : null;
                if (t == null) {
                    dropped();
                    return;
                }
                Object reply;
                try {
                    reply = codec.decode(r.payload().bytes(), r.payload().offset(), r.payload().length());
                } catch (UndecodableMessageException e) {
                    undecodable(channel, e);
                    return;
                }
                LocalThreads.deliverReply(t, r.tag(), reply);
                received.increment();
            }
            case Wire.Monitor m -> theirMonitor(channel, m);
            case Wire.Demonitor d -> {
                Registration r = channel.theirMonitors.remove(d.monitorId());
                if (r != null) {
                    r.cancel();
                }
            }
            case Wire.Down d -> channel.peer().down(d.monitorId(), d.reason());
            case Wire.Link l -> theirLink(channel, l);
            case Wire.Unlink u -> {
                Registration r = inLinks.remove(new LinkKey(channel.remoteAddress(), u.fromId(), null, targetId(u.target())));
                if (r != null) {
                    r.cancel();
                }
            }
            case Wire.Heartbeat h -> {
            }
            case Wire.Goodbye g -> LOG.debug("{} says goodbye: {}", channel.remoteAddress(), g.reason());
            case Wire.FragmentStart f -> throw new ProtocolException("unexpected fragment");
            case Wire.FragmentNext f -> throw new ProtocolException("unexpected fragment");
        }
    }

    private void theirMonitor(Channel channel, Wire.Monitor m) {
        if (channel.theirMonitors.size() >= Channel.MAX_THEIR_MONITORS) {
            throw new ProtocolException("the peer holds more than " + Channel.MAX_THEIR_MONITORS
                    + " monitors on this node's threads");
        }
        LocalThread t = lookup(m.target());
        Registration r = t == null ? null : LocalThreads.onExit(t, (who, reason) -> {
            if (channel.theirMonitors.remove(m.monitorId()) != null) {
                channel.sendControl(WireFormat.down(m.monitorId(), reason));
            }
        });
        if (r == null) {
            channel.sendControl(WireFormat.down(m.monitorId(), ExitReason.NOPROC));
            return;
        }
        channel.theirMonitors.put(m.monitorId(), r);
        if (LocalThreads.exitReason(t) != null && channel.theirMonitors.remove(m.monitorId()) != null) {
            // it ended between onExit and put: the hook found nothing to remove, so report here
            channel.sendControl(WireFormat.down(m.monitorId(), LocalThreads.exitReason(t)));
        }
    }

    private void theirLink(Channel channel, Wire.Link l) {
        LocalThread target = lookup(l.target());
        if (target == null) {
            return; // their watch on the target reports noproc, which their side raises
        }
        RemoteThread.ById partner = new RemoteThread.ById(channel.remoteAddress(), channel.remoteIncarnation(), l.fromId());
        LinkKey key = new LinkKey(channel.remoteAddress(), l.fromId(), null, target.id());
        Registration watch = channel.peer().watch(partner, new Wire.ById(l.fromId(), channel.remoteIncarnation()),
                (who, reason) -> {
                    inLinks.remove(key);
                    if (!reason.isNormal()) {
                        LocalThreads.linkedFailure(target, partner, reason);
                    }
                });
        Registration onTargetExit = LocalThreads.onExit(target, (t, reason) -> {
            inLinks.remove(key);
            watch.cancel();
        });
        Registration previous = inLinks.put(key, () -> {
            if (onTargetExit != null) {
                onTargetExit.cancel();
            }
            return watch.cancel();
        });
        if (previous != null) {
            previous.cancel();
        }
    }

    private long targetId(Wire.Target target) {
        LocalThread t = lookup(target);
        return t == null ? -1 : t.id();
    }

    /** The live thread of this node a target names, or null. */
    private LocalThread lookup(Wire.Target target) {
        return switch (target) {
            case Wire.ById byId -> byId.incarnation() == incarnation ? exports.get(byId.id()) : null;
            case Wire.ByName byName -> names.lookup(byName.name());
        };
    }

    /** A remote handle that names this node: deliver without the network. */
    private void deliverHere(Wire.Target target, Object message) {
        LocalThread t = lookup(target);
        if (t == null || !LocalThreads.deliver(t, message)) {
            dropped();
        }
    }

    private static Wire.Target target(RemoteThread to) {
        return switch (to) {
            case RemoteThread.ById byId -> new Wire.ById(byId.id(), byId.incarnation());
            case RemoteThread.Named named -> new Wire.ByName(named.name());
        };
    }

    /** A message whose bytes are intact but which this node cannot take: drop it, keep the connection. */
    private void undecodable(Channel channel, UndecodableMessageException e) {
        dropped();
        LOG.warn("dropped a message from {} (class {}): {}", channel.remoteAddress(), e.className(), e.getMessage());
    }

    private void dropped() {
        dropped.increment();
        Stats.dropped();
    }

    // ---- connections -----------------------------------------------------------------------------

    /** The peer for a canonical address. */
    Peer peer(NodeAddress node) {
        return peers.computeIfAbsent(node, a -> new Peer(this, a));
    }

    /** The peer {@code node} names, if this node knows it. */
    public Peer existingPeer(NodeAddress node) {
        return peers.get(canonical(node));
    }

    /**
     * An address in the form connections are filed under: the host resolved to an IP literal
     * (so {@code localhost} and {@code 127.0.0.1} reach the same peer). Cached.
     */
    NodeAddress canonical(NodeAddress a) {
        NodeAddress c = canonical.get(a);
        if (c != null) {
            return c;
        }
        try {
            c = new NodeAddress(InetAddress.getByName(a.host()).getHostAddress(), a.port());
        } catch (UnknownHostException e) {
            c = a; // resolution fails later, with a clear error, when connecting
        }
        canonical.put(a, c);
        return c;
    }

    /** Opens a connection to {@code dialer}'s node and starts its handshake; the peer waits for it. */
    Channel dial(Peer dialer, long deadline) throws IOException {
        NodeAddress node = dialer.address();
        checkOpen();
        if (partitioned.contains(node)) {
            throw new IOException("the link to " + node + " is cut (test hook)");
        }
        Client client = new Client(settings.writeBufferBytes(), settings.readBufferBytes(), new FrameSerialization(false, this));
        EndpointLoop loop = new EndpointLoop("threadwire-net-" + address.port() + "-to-" + node.port(), client, false);
        Channel channel = new Channel(this, Channel.Role.DIALED, client, loop, true);
        channel.dialer(dialer);
        client.addListener(new NetworkListener(false));
        loop.start();
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try {
            client.connect((int) Math.min(Integer.MAX_VALUE, millis), InetAddress.getByName(node.host()), node.port());
        } catch (IOException | RuntimeException e) {
            channel.close("connect failed: " + e.getMessage());
            throw e;
        }
        handshaking.add(channel);
        if (closed) {
            channel.close("node closed");
        }
        channel.start();
        return channel;
    }

    /**
     * Dialing side, when the Challenge names the node: go on, unless the node is this one or a
     * channel to it is up already (it dialed us meanwhile).
     */
    boolean shouldContinue(Channel channel, NodeAddress remote, long remoteIncarnation) {
        NodeAddress c = canonical(remote);
        if (c.equals(address) && remoteIncarnation == incarnation) {
            return false;
        }
        Peer p = peers.get(c);
        return p == null || p.channel() == null || p == channel.dialer() && p.channel() == channel;
    }

    /**
     * Accepting side, once the dialer proved it holds the secret: take this channel, or refuse it
     * as a duplicate. A channel that is up already is stale (the dialer would not dial if it
     * had it: it lost its end, or restarted): it is dropped, its watches fire, and the new one
     * is taken. If this node is dialing the same node at the same moment, the dial of the node
     * with the smaller (address, incarnation) wins; this holds also when that dial is already up
     * here (the other node sent its Proof before it saw this node's dial complete), which is
     * then kept, not replaced.
     */
    boolean acceptInbound(Channel channel) {
        NodeAddress remote = canonical(channel.remoteAddress());
        if (closed || partitioned.contains(remote) || remote.equals(address) && channel.remoteIncarnation() == incarnation) {
            return false;
        }
        Peer p = peer(remote);
        Channel existing = p.channel();
        boolean thisDialWins = compare(address, incarnation, remote, channel.remoteIncarnation()) < 0;
        if (existing != null && existing.role() == Channel.Role.DIALED && thisDialWins
                && existing.remoteIncarnation() == channel.remoteIncarnation()) {
            return false; // both dialed at once and this node's dial is already up: it wins, as below
        }
        if (existing != null) {
            existing.close("replaced by a new connection from " + remote);
            p.channelClosed(existing, "replaced by a new connection");
            return true;
        }
        return !(p.isConnecting() && thisDialWins);
    }

    private static int compare(NodeAddress a, long ia, NodeAddress b, long ib) {
        int c = a.toString().compareTo(b.toString());
        return c != 0 ? c : Long.compare(ia, ib);
    }

    /** A channel finished its handshake: it becomes its peer's channel. */
    /** The peer a channel that finished its handshake belongs to (it is installed by {@link Peer#attached}). */
    Peer peerFor(Channel channel) {
        handshaking.remove(channel);
        NodeAddress remote = canonical(channel.remoteAddress());
        Peer p = channel.dialer();
        if (p == null) {
            p = peer(remote);
        } else if (!p.address().equals(remote)) {
            // dialed under one address, the node calls itself by another: file the peer under both
            Peer other = peers.putIfAbsent(remote, p);
            LOG.warn("node dialed as {} calls itself {}; set its NodeConfig host to the address other nodes use",
                    p.address(), remote);
            if (other != null && other != p) {
                LOG.debug("{} was known under both addresses; new messages use the connection dialed as {}", remote,
                        p.address());
            }
        }
        return p;
    }

    void handshakeEnded(Channel channel) {
        handshaking.remove(channel);
    }

    void register(Connection connection, Channel channel) {
        channels.put(connection, channel);
    }

    void unregister(Connection connection) {
        channels.remove(connection);
    }

    Channel channelOf(Connection connection) {
        return channels.get(connection);
    }

    /** Delivers {@link io.threadwire.distributed.NodeDown} / {@code NodeUp} about {@code node} to {@code watcher}. */
    public Registration monitorNode(NodeAddress node, LocalThread watcher) {
        checkOpen();
        return peer(canonical(node)).monitorNode(watcher);
    }

    // ---- test hooks: partitions -------------------------------------------------------------------

    /**
     * Cuts the link to {@code node}: closes the connection and refuses new ones until {@link #heal}.
     * Returns once this node has handled the loss (monitors fired), waiting at most the connect timeout.
     */
    public void partition(NodeAddress node) {
        NodeAddress c = canonical(node);
        partitioned.add(c);
        Peer p = peers.get(c);
        if (p != null) {
            p.disconnect("link cut (test hook)", System.nanoTime() + settings.connectTimeoutNanos());
        }
    }

    /** Lets connections to and from {@code node} be made again. */
    public void heal(NodeAddress node) {
        partitioned.remove(canonical(node));
    }

    // ---- failure detection -------------------------------------------------------------------------

    private void detectFailures() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(TimeUnit.MILLISECONDS.toNanos(250), settings.heartbeatIntervalNanos() / 4));
        while (!closed) {
            LockSupport.parkNanos(this, period);
            long now = System.nanoTime();
            for (Peer p : peers.values()) {
                Channel c = p.channel();
                if (c != null && !c.isReadPaused() && now - c.lastReceived() > settings.heartbeatTimeoutNanos()) {
                    c.close("no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(now - c.lastReceived()) + " ms");
                }
            }
            for (Channel c : handshaking) {
                if (now - c.openedAt() > settings.handshakeTimeoutNanos()) {
                    LOG.warn("closing a connection from {} that did not complete its handshake in {} ms",
                            c.socketAddress(), TimeUnit.NANOSECONDS.toMillis(settings.handshakeTimeoutNanos()));
                    c.close("handshake timeout");
                }
            }
        }
    }

    // ---- closing -------------------------------------------------------------------------------------

    /**
     * Closes the node: stops its threads (their monitors fire with {@code shutdown}), says goodbye
     * to its peers, closes every connection and the server. Waits a bounded time for each step.
     */
    public void close() {
        if (closed) {
            return;
        }
        Transports.clearDefault(this);
        List<LocalThread> running = List.copyOf(threads);
        CountDownLatch ended = new CountDownLatch(running.size());
        for (LocalThread t : running) {
            if (LocalThreads.onExit(t, (x, r) -> ended.countDown()) == null) {
                ended.countDown();
            }
            LocalThreads.requestStop(t);
        }
        try {
            if (!ended.await(5, TimeUnit.SECONDS)) {
                LOG.warn("node {}: {} threads did not end within 5 s of being stopped", address, ended.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        for (Peer p : Set.copyOf(peers.values())) {
            Channel c = p.channel();
            if (c != null) {
                c.sendControl(WireFormat.goodbye("node closed"));
                awaitFlushed(c);
                c.close("node closed");
            }
        }
        for (Channel c : Set.copyOf(handshaking)) {
            c.close("node closed");
        }
        LockSupport.unpark(detector);
        serverLoop.stop();
        LOG.info("node {} closed", address);
    }

    /** Gives what was sent before close a bounded chance to leave: KryoNet's close does not flush. */
    private static void awaitFlushed(Channel c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!c.isFlushed() && System.nanoTime() < deadline && !c.isClosed()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("node " + address + " is closed");
        }
    }

    /** KryoNet's callbacks, on its network thread: hand over, never block. */
    private final class NetworkListener extends Listener {
        private final boolean serverSide;

        NetworkListener(boolean serverSide) {
            this.serverSide = serverSide;
        }

        @Override
        public void connected(Connection connection) {
            if (!serverSide) {
                return; // a dialed channel exists before its connection does
            }
            if (closed) {
                connection.close();
                return;
            }
            if (handshaking.size() >= settings.maxPendingHandshakes()) {
                // Evict the longest-waiting unauthenticated connection rather than refuse this one:
                // otherwise a few idle sockets, which need no secret, would lock every new node out.
                Channel oldest = null;
                for (Channel c : handshaking) {
                    if (c.role() == Channel.Role.ACCEPTED && (oldest == null || c.openedAt() < oldest.openedAt())) {
                        oldest = c;
                    }
                }
                if (oldest != null) {
                    LOG.warn("{} connections are waiting to authenticate; closing the oldest, from {}",
                            handshaking.size(), oldest.socketAddress());
                    handshaking.remove(oldest);
                    oldest.close("evicted: too many connections waiting to authenticate");
                }
            }
            Channel channel = new Channel(NodeRuntime.this, Channel.Role.ACCEPTED, connection, serverLoop, false);
            handshaking.add(channel);
            channel.start();
        }

        @Override
        public void received(Connection connection, Object object) {
            if (object instanceof InboundFrame frame && channelOf(connection) instanceof Channel channel
                    && !channel.frameArrived(frame)) {
                throw ReadGate.Paused.INSTANCE; // leaves KryoNet's read loop; the rest waits in its buffer
            }
        }

        @Override
        public void disconnected(Connection connection) {
            if (channelOf(connection) instanceof Channel channel) {
                channel.disconnected();
            }
        }

        @Override
        public void idle(Connection connection) {
            if (channelOf(connection) instanceof Channel channel) {
                channel.writeBufferIdle();
            }
        }
    }
}
