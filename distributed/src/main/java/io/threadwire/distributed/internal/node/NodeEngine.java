package io.threadwire.distributed.internal.node;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadwireException;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeStats;
import io.threadwire.distributed.TlsConfig;
import io.threadwire.distributed.internal.link.ChannelContext;
import io.threadwire.distributed.internal.link.FragmentPool;
import io.threadwire.distributed.internal.link.InboundMemory;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.link.PeerStateMemory;
import io.threadwire.distributed.internal.link.Settings;
import io.threadwire.distributed.internal.security.Authenticator;
import io.threadwire.distributed.internal.security.HandshakeExtensions;
import io.threadwire.distributed.internal.security.LocalIdentity;
import io.threadwire.distributed.internal.security.Secrets;
import io.threadwire.distributed.internal.security.tls.NodeTls;
import io.threadwire.distributed.internal.transport.EndpointLoop;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.transport.FrameListener;
import io.threadwire.distributed.internal.transport.MinlogBridge;
import io.threadwire.distributed.internal.transport.PortBinder;
import io.threadwire.distributed.internal.transport.WireServer;
import io.threadwire.distributed.internal.wire.SignalItems;
import io.threadwire.distributed.spi.NodeFaults;
import io.threadwire.serialize.AdmittedTypes;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of one node: makes its parts, in order, and closes them in the reverse order.
 *
 * <p>Parts, from the network up: the KryoNet server and its loop ({@code transport}); the
 * links to other nodes, one {@link PeerLink} each ({@link Peers}, {@code link}); which
 * connections are taken ({@link Admission}) and how they are dialed ({@link NodeDialer}); what
 * arrives ({@link Inbound}) and what leaves ({@link Outbound}); the threads reachable by id
 * ({@link Exports}); the failure detector ({@link FailureDetector}); a test's faults
 * ({@link FaultGate}, {@link LinkFilters}, {@link NodeFaultHooks}).
 *
 * <p>Threads: one platform thread runs the server's loop, one more each outbound connection's;
 * every channel has a reader and a writer virtual thread; the failure detector is one more.
 * Each passes the node's {@link FaultGate} before each step of network work.
 *
 * <p>It ends once, in one of two ways: {@link #close} (orderly: threads stopped, goodbyes said,
 * queues flushed) or {@link #crash} (a test's {@code SIGKILL}: connections reset, threads killed);
 * {@link NodeShutdown} runs both.
 */
public final class NodeEngine {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEngine.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NodeConfig config;
    private final NodeAddress address;
    private final long incarnation;
    private final LocalThreads.Names names;
    private final Counters counters = new Counters();
    private final Exports exports;
    private final Addresses addresses;
    private final Peers peers;
    private final PeerStateMemory allPeers; // what all peers make this node hold, for stats()
    private final FaultGate gate = new FaultGate();
    private final LinkFilters filters;
    private final Admission admission;
    private final Outbound outbound;
    private final EndpointLoop serverLoop;
    private final FailureDetector detector;
    private final PeerEvents events = new PeerEvents();
    private final Services services = new Services();
    private final ClusterHooks cluster;
    private final NodeShutdown shutdown;

    /**
     * Makes a node: binds its port (0: a free one); {@link #listen} starts taking connections.
     *
     * @param self  the node as core sees it: the owner of the node's threads
     * @param types the classes the node's messages may hold: the configuration's and its services'
     */
    public NodeEngine(NodeConfig config, Transport self, MessageTypes types) {
        MinlogBridge.install();
        this.config = config;
        HandshakeExtensions.requireFits(types.admitted()); // before anything is opened
        NodeTls tls = NodeTls.start(config.tls()); // null: no TLS
        if (tls != null && !config.security().encrypt()) {
            throw new ThreadwireException(TlsConfig.DIRECTORY_VARIABLE + " turns TLS on, which encrypts every frame:"
                    + " drop wireProtection(PLAINTEXT_UNSAFE), or unset " + TlsConfig.DIRECTORY_VARIABLE);
        }
        Settings settings = Settings.of(config, tls != null);
        this.incarnation = RANDOM.nextLong() & Long.MAX_VALUE | 1;
        Secrets.Resolved secrets = Secrets.resolve(config.security().secret(), config.security().previousSecret());
        Authenticator authenticator = new Authenticator(secrets.current(), secrets.previous());
        WireServer server = new WireServer(settings.writeBufferBytes(), settings.readBufferBytes());
        int port;
        try {
            port = PortBinder.bind(server, config.listen().bindHost(), config.listen().port());
        } catch (RuntimeException e) {
            try {
                server.dispose(); // its selector and server channel are open already
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.address = new NodeAddress(config.listen().host(), port);
        if (tls != null) {
            tls.checkOwnNames(address, config.listen().name());
        }
        this.addresses = new Addresses(address); // resolves this node's own name here, off the network thread
        this.names = LocalThreads.newNameRegistry("node " + address);
        this.exports = new Exports(self, address, incarnation);
        MessageCodec codec = new MessageCodec(types, config.limits().maxMessageSize(),
                config.limits().maxNestingDepth(), config.limits().maxDecodedSize(), exports);
        AdmittedTypes admitted = types.admitted();
        SignalItems signals = new SignalItems(codec);
        NodeDialer dialer = new NodeDialer(port, settings, gate);
        this.allPeers = new PeerStateMemory(settings.peerStateMemoryBytes());
        this.peers = new Peers(dialer, new NodePeerHost(incarnation, signals, counters), settings.connectTimeoutNanos(),
                settings.outboundBufferBytes(), settings.peerBudgetBytes(), allPeers, events);
        this.filters = new LinkFilters(addresses, peers, gate, settings.connectTimeoutNanos());
        this.admission = new Admission(address, incarnation, settings, addresses, peers, filters);
        Inbound inbound = new Inbound(exports, names, codec, signals, counters, admission::linkOf,
                node -> peers.existing(addresses.known(node)), services);
        this.outbound = new Outbound(addresses, peers, exports, names, codec, admitted, counters, settings);
        LocalIdentity me = new LocalIdentity(address, incarnation, config.listen().name(), config.listen().hidden(),
                settings.encrypt(), authenticator, admitted);
        ChannelContext context = new ChannelContext(settings, me, admission, inbound,
                new InboundMemory(settings.inboundMemoryBytes()), codec::decodedSizeBound, filters,
                new FragmentPool(settings.outboundBufferBytes() / 2), allPeers, tls);
        dialer.wire(context, admission, filters);
        this.serverLoop = new EndpointLoop("threadwire-net-" + port, server, true, gate);
        server.runsOn(serverLoop);
        server.addListener(new FrameListener(c -> admission.accepted(c, context, serverLoop)));
        this.detector = new FailureDetector("threadwire-detector-" + port, settings, peers, admission.handshaking(), gate);
        this.cluster = new ClusterHooks(this, self, addresses, peers, admission, outbound, events, services, this::stats,
                codec);
        this.shutdown = new NodeShutdown(address, self, gate, exports, peers, admission, dialer, detector, serverLoop);
    }

    /**
     * Starts taking connections (the operating system queues them from the bind on) and
     * watching peers' heartbeats. The node's services start before this, so that the first
     * message of a peer finds them.
     */
    public void listen() {
        serverLoop.start();
        detector.start();
        LOG.info("node {}{} started (incarnation {}{}{})", address,
                config.listen().name().isEmpty() ? "" : " '" + config.listen().name() + "'", Long.toHexString(incarnation),
                config.listen().bindHost().equals(config.listen().host()) ? "" : ", listening on " + config.listen().bindHost(),
                config.listen().hidden() ? ", hidden" : "");
        if (!config.security().encrypt()) {
            LOG.warn("node {} sends its frames in clear (WireProtection.PLAINTEXT_UNSAFE): anyone on the network path"
                    + " can read them, and alter or inject messages undetected; connections to nodes that encrypt are"
                    + " encrypted all the same", address);
        }
    }

    // ---- what the node is ------------------------------------------------------------------------

    public NodeAddress address() {
        return address;
    }

    public long incarnation() {
        return incarnation;
    }

    public NodeConfig config() {
        return config;
    }

    public boolean isClosed() {
        return shutdown.isClosed();
    }

    /** Whether the node has begun to close or crash. */
    public boolean isEnding() {
        return shutdown.isEnding();
    }

    /** Names of this node's threads that other nodes can reach. */
    public LocalThreads.Names names() {
        return names;
    }

    public NodeStats stats() {
        return new NodeStats(counters.sentCount(), counters.receivedCount(), counters.droppedCount(),
                peers.connected().size(), peers.size(), allPeers.used());
    }

    /** Threads owned by this node that are still running, its own service threads left out (a snapshot). */
    public Set<LocalThread> threads() {
        Set<LocalThread> owned = new HashSet<>(exports.owned());
        owned.removeIf(services::contains);
        return Set.copyOf(owned);
    }

    /** What the cluster services reach of this engine. */
    public ClusterPort clusterPort() {
        return cluster;
    }

    /** Addresses of the nodes this node has a connection up with (a snapshot). */
    public Set<NodeAddress> connectedNodes() {
        return peers.connected();
    }

    /** The fault hooks of this node, for the test kit. */
    public NodeFaults faults() {
        return new NodeFaultHooks(this, filters, gate);
    }

    // ---- what core asks of the node (through its Transport) ---------------------------------

    public void threadStarted(LocalThread thread) {
        exports.threadStarted(thread);
    }

    public RemoteThread.ById handleOf(LocalThread thread) {
        return exports.handleOf(thread);
    }

    public void send(RemoteThread to, Object message, LocalThread sender) {
        checkOpen();
        outbound.send(to, message, sender);
    }

    /** The thread of this node that {@code target} names now; null if another node's, or none. */
    public LocalThread localOf(RemoteThread target) {
        return outbound.localOf(target);
    }

    public void reply(RemoteThread to, long tag, Object reply) {
        checkOpen();
        outbound.reply(to, tag, reply);
    }

    public Registration monitor(RemoteThread target, ExitHook hook) {
        checkOpen();
        return outbound.monitor(target, hook, false);
    }

    /** As {@link #monitor}, for a call's watch: it may wait to leave with the request (see {@code Transport#monitorForCall}). */
    public Registration monitorForCall(RemoteThread target, ExitHook hook) {
        checkOpen();
        return outbound.monitor(target, hook, true);
    }

    public void exit(RemoteThread target, ExitReason reason) {
        checkOpen();
        outbound.exit(target, reason);
    }

    public void link(LocalThread local, RemoteThread remote) {
        checkOpen();
        outbound.link(local, remote);
    }

    public void unlink(LocalThread local, RemoteThread remote) {
        checkOpen();
        outbound.unlink(local, remote);
    }

    /**
     * {@code watcher} hears {@code NodeDown} and {@code NodeUp} about {@code node}, each naming
     * the node as {@code node} writes it.
     */
    public Registration monitorNode(NodeAddress node, LocalThread watcher) {
        checkOpen();
        return peers.with(addresses.resolve(node), p -> p.monitorNode(watcher, node));
    }

    // ---- closing -------------------------------------------------------------------------------------

    /**
     * Closes the node (see {@link NodeShutdown#close}): threads stopped, goodbyes said, every
     * connection and the server closed, each step bounded in time. Idempotent.
     *
     * @param self the node as core sees it, no longer the JVM's default
     */
    public void close(Transport self) {
        shutdown.close(self);
    }

    /** Ends every thread of this node with {@code shutdown} and waits for them (bounded); the connections stay. */
    void stopThreads() {
        shutdown.stopThreads();
    }

    /** A test's {@code SIGKILL} (see {@link NodeShutdown#crash}): connections reset, threads killed. */
    void crash() {
        shutdown.crash();
    }

    /** Connections that came up and were lost while the node was open. */
    long connectionsLost() {
        return admission.connectionsLost();
    }

    /** See {@link io.threadwire.distributed.spi.NodeFaults#describeLinks}. */
    String describeLinks() {
        StringBuilder b = new StringBuilder();
        for (PeerLink p : peers.all()) {
            b.append(p.address()).append(": ").append(p.describe()).append('\n');
        }
        for (Channel c : admission.handshaking()) {
            b.append("in its handshake: ").append(c.describe()).append('\n');
        }
        for (String line : admission.describeUninstalled()) {
            b.append(line).append('\n');
        }
        return b.isEmpty() ? "no peers\n" : b.toString();
    }

    private void checkOpen() {
        if (shutdown.isClosed()) {
            throw new IllegalStateException("node " + address + " is closed");
        }
    }
}
