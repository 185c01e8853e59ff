package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.security.SecretStrength;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Node} listens, talks and fails. Immutable; build one with {@link #builder()}.
 * The settings come in groups, each a record that checks its own values:
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>group</th><th>setting (builder method)</th><th>default</th></tr>
 *   <tr><td rowspan="5">{@link ListenConfig}</td><td>{@code port}</td><td>0 (a free port)</td></tr>
 *   <tr><td>{@code host}</td><td>127.0.0.1</td></tr>
 *   <tr><td>{@code bindHost}</td><td>{@code host}</td></tr>
 *   <tr><td>{@code name}</td><td>none</td></tr>
 *   <tr><td>{@code hidden}</td><td>false</td></tr>
 *   <tr><td rowspan="2">{@link HeartbeatConfig}</td><td>{@code heartbeatInterval}</td><td>1 s</td></tr>
 *   <tr><td>{@code heartbeatTimeout}</td><td>10 s</td></tr>
 *   <tr><td rowspan="3">{@link TimeoutConfig}</td><td>{@code connectTimeout}</td><td>5 s</td></tr>
 *   <tr><td>{@code sendTimeout}</td><td>30 s</td></tr>
 *   <tr><td>{@code handshakeTimeout}</td><td>5 s</td></tr>
 *   <tr><td rowspan="9">{@link LimitConfig}</td><td>{@code maxMessageSize}</td><td>32 MiB</td></tr>
 *   <tr><td>{@code frameSize}</td><td>64 KiB</td></tr>
 *   <tr><td>{@code writeBufferSize}</td><td>256 KiB</td></tr>
 *   <tr><td>{@code outboundBufferSize}</td><td>4 MiB</td></tr>
 *   <tr><td>{@code maxNestingDepth}</td><td>100</td></tr>
 *   <tr><td>{@code maxDecodedSize}</td><td>4 × {@code maxMessageSize}, at least 64 MiB</td></tr>
 *   <tr><td>{@code peerBudget}</td><td>2 × {@code maxMessageSize} + 64 MiB</td></tr>
 *   <tr><td>{@code inboundMemory}</td><td>a quarter of the maximum heap</td></tr>
 *   <tr><td>{@code peerStateMemory}</td><td>a quarter of the maximum heap</td></tr>
 *   <tr><td rowspan="6">{@link SecurityConfig}</td><td>{@code secret}</td><td>{@code THREADWIRE_SECRET},
 *       else {@code ~/.threadwire/secret}</td></tr>
 *   <tr><td>{@code previousSecret}</td><td>none ({@code THREADWIRE_PREVIOUS_SECRET},
 *       {@code ~/.threadwire/secret.previous})</td></tr>
 *   <tr><td>{@code wireProtection}</td><td>{@link WireProtection#ENCRYPTED}</td></tr>
 *   <tr><td>{@code maxPendingHandshakes}</td><td>64</td></tr>
 *   <tr><td>{@code maxPendingHandshakesPerAddress}</td><td>16</td></tr>
 *   <tr><td>{@code maxConnections}</td><td>1,024</td></tr>
 *   <tr><td>{@link MessageTypes}</td><td>{@code register}, {@code allowPackage}, {@code admitMarkedTypes}</td><td>built-in
 *       and {@code @Message} types</td></tr>
 *   <tr><td rowspan="3">{@link ClusterConfig}</td><td>{@code seeds}</td><td>none</td></tr>
 *   <tr><td>{@code seedRetry}</td><td>200 ms doubling to 30 s</td></tr>
 *   <tr><td>{@code lostMemberRetention}</td><td>1 h</td></tr>
 *   <tr><td>{@link ClusterLimits}</td><td>{@code clusterLimits}</td><td>{@link ClusterLimits#DEFAULT}</td></tr>
 *   <tr><td>{@link TlsConfig}</td><td>{@code tls}</td><td>none: the directory {@code THREADWIRE_TLS} names, else
 *       no TLS</td></tr>
 * </table>
 * Each group's record documents its settings; read them through the group, e.g.
 * {@code config.heartbeat().timeout()}.
 */
public final class NodeConfig {
    /**
     * The longest any duration setting, or the timeout of {@link Node#connect} and {@link Node#ping},
     * may be: 3650 days (10 years). The node counts durations in nanoseconds, added to the clock
     * and multiplied (a peer idle for a few heartbeat timeouts); past this that arithmetic would
     * overflow. A longer one is refused, naming the setting.
     */
    public static final Duration LONGEST_DURATION = Duration.ofDays(3650);

    private final ListenConfig listen;
    private final HeartbeatConfig heartbeat;
    private final TimeoutConfig timeouts;
    private final LimitConfig limits;
    private final SecurityConfig security;
    private final MessageTypes types;
    private final ClusterConfig cluster;
    private final ClusterLimits clusterLimits;
    private final TlsConfig tls; // null: from THREADWIRE_TLS, else none

    /**
     * A configuration of these groups, with the default cluster settings.
     *
     * @throws IllegalArgumentException if settings contradict each other (the heartbeat timeout
     *                                  must exceed the interval; the write buffer must hold two frames)
     */
    public NodeConfig(ListenConfig listen, HeartbeatConfig heartbeat, TimeoutConfig timeouts, LimitConfig limits,
                      SecurityConfig security, MessageTypes types) {
        this(listen, heartbeat, timeouts, limits, security, types, ClusterConfig.DEFAULT, ClusterLimits.DEFAULT);
    }

    /**
     * A configuration of these groups.
     *
     * @throws IllegalArgumentException if settings contradict each other (the heartbeat timeout
     *                                  must exceed the interval; the write buffer must hold two frames)
     */
    public NodeConfig(ListenConfig listen, HeartbeatConfig heartbeat, TimeoutConfig timeouts, LimitConfig limits,
                      SecurityConfig security, MessageTypes types, ClusterConfig cluster, ClusterLimits clusterLimits) {
        this(listen, heartbeat, timeouts, limits, security, types, cluster, clusterLimits, null);
    }

    private NodeConfig(ListenConfig listen, HeartbeatConfig heartbeat, TimeoutConfig timeouts, LimitConfig limits,
                       SecurityConfig security, MessageTypes types, ClusterConfig cluster, ClusterLimits clusterLimits,
                       TlsConfig tls) {
        this.tls = tls;
        this.listen = Objects.requireNonNull(listen, "listen");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat").checked();
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.limits = Objects.requireNonNull(limits, "limits").checked();
        this.security = Objects.requireNonNull(security, "security");
        this.types = Objects.requireNonNull(types, "types");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.clusterLimits = Objects.requireNonNull(clusterLimits, "clusterLimits");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, listening on {@code port} (0: any free port). */
    public static NodeConfig ofPort(int port) {
        return builder().port(port).build();
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.listen = listen;
        b.bindHostSet = !listen.bindHost().equals(listen.host());
        b.decodedSizeSet = limits.maxDecodedSize() != MessageCodec.defaultMaxDecodedSize(limits.maxMessageSize());
        b.peerBudgetSet = limits.peerBudget() != LimitConfig.defaultPeerBudget(limits.maxMessageSize());
        b.heartbeat = heartbeat;
        b.timeouts = timeouts;
        b.limits = limits;
        b.security = security;
        b.types.addAll(types);
        b.cluster = cluster;
        b.clusterLimits = clusterLimits;
        b.tls = tls;
        return b;
    }

    // ---- the groups ----

    /** Where the node listens and the address its handles carry. */
    public ListenConfig listen() {
        return listen;
    }

    /** Failure detection. */
    public HeartbeatConfig heartbeat() {
        return heartbeat;
    }

    /** How long the node waits for connections, room and handshakes. */
    public TimeoutConfig timeouts() {
        return timeouts;
    }

    /** Sizes of messages and buffers. */
    public LimitConfig limits() {
        return limits;
    }

    /** The secrets, how frames are protected, and the bounds on connections. */
    public SecurityConfig security() {
        return security;
    }

    /** The application classes admitted in messages, besides the built-in ones. */
    public MessageTypes types() {
        return types;
    }

    /** Seeds, and how lost members and seeds are retried. */
    public ClusterConfig cluster() {
        return cluster;
    }

    /** Bounds on what the cluster services keep for other nodes. */
    public ClusterLimits clusterLimits() {
        return clusterLimits;
    }

    /**
     * TLS between nodes, as configured; null when the configuration says nothing of it (a node
     * then uses the directory the environment variable {@value TlsConfig#DIRECTORY_VARIABLE}
     * names, if set, else no TLS).
     */
    public TlsConfig tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "NodeConfig[" + listen + ", " + heartbeat + ", " + timeouts + ", " + limits + ", " + security + ", "
                + cluster + ", " + clusterLimits + (tls == null ? "" : ", " + tls) + "]";
    }

    /**
     * Builds a {@link NodeConfig}; each setter checks its argument at once (through its group's
     * record) and says what is wrong; {@link #build} checks what involves several settings.
     * Not thread-safe.
     */
    public static final class Builder {
        private ListenConfig listen = ListenConfig.DEFAULT;
        private boolean bindHostSet;
        private boolean decodedSizeSet;
        private boolean peerBudgetSet;
        private HeartbeatConfig heartbeat = HeartbeatConfig.DEFAULT;
        private TimeoutConfig timeouts = TimeoutConfig.DEFAULT;
        private LimitConfig limits = LimitConfig.DEFAULT;
        private SecurityConfig security = SecurityConfig.DEFAULT;
        private byte[] pendingPrevious; // a previous secret given before the secret
        private final MessageTypes.Builder types = MessageTypes.builder();
        private ClusterConfig cluster = ClusterConfig.DEFAULT;
        private ClusterLimits clusterLimits = ClusterLimits.DEFAULT;
        private TlsConfig tls;

        private Builder() {
        }

        /** @param port 0 to 65535; 0 picks a free port */
        public Builder port(int port) {
            listen = new ListenConfig(port, listen.host(), bindHostSet ? listen.bindHost() : null, listen.name(),
                    listen.hidden());
            return this;
        }

        /**
         * The address this node listens on (unless {@link #bindHost} is set) and its handles carry
         * (a host name or IP literal): the one other nodes reach it by.
         *
         * @throws IllegalArgumentException if {@code host} is blank or malformed, or is the wildcard
         *                                  address ({@code 0.0.0.0}, {@code ::}), which nobody reaches:
         *                                  give that to {@link #bindHost} to listen on every interface
         */
        public Builder host(String host) {
            listen = new ListenConfig(listen.port(), host, bindHostSet ? listen.bindHost() : null, listen.name(),
                    listen.hidden());
            return this;
        }

        /** Listen on this address instead of {@link #host}, e.g. {@code 0.0.0.0}. */
        public Builder bindHost(String bindHost) {
            listen = new ListenConfig(listen.port(), listen.host(), Objects.requireNonNull(bindHost, "bindHost"),
                    listen.name(), listen.hidden());
            bindHostSet = true;
            return this;
        }

        /**
         * The node's name, for people: in its handshake, in logs, and in {@link NodeUp} and
         * {@link NodeDown} events of nodes that monitor it. Up to 64 letters, digits, '.', '-' and
         * '_'; empty for none (the default). Nodes are still reached by address.
         */
        public Builder name(String name) {
            listen = new ListenConfig(listen.port(), listen.host(), bindHostSet ? listen.bindHost() : null, name,
                    listen.hidden());
            return this;
        }

        /**
         * Whether the node is hidden (default false), as Erlang's {@code -hidden}: for a
         * command-line tool or a monitoring node that talks to a few nodes without joining their
         * cluster. Carried in its handshake. A hidden node connects to the nodes it names (its
         * seeds included) and is meshed through none; no node lists it among its
         * {@link Node#members()} or reports it to {@link Node#monitorNodes()}; it takes no part
         * in {@link Groups} or {@link GlobalNames} (it reads a member's through
         * {@link Node#remote}). Messages, calls, monitors and remote spawn work as with any node.
         */
        public Builder hidden(boolean hidden) {
            listen = new ListenConfig(listen.port(), listen.host(), bindHostSet ? listen.bindHost() : null, listen.name(),
                    hidden);
            return this;
        }

        /** {@link TimeoutConfig#connect()}: longest a connection may take to open, handshake included (5 s). */
        public Builder connectTimeout(Duration timeout) {
            timeouts = new TimeoutConfig(timeout, timeouts.send(), timeouts.handshake());
            return this;
        }

        /** {@link TimeoutConfig#send()}: longest a send waits for room in a full outbound queue before the peer counts as failed (30 s). */
        public Builder sendTimeout(Duration timeout) {
            timeouts = new TimeoutConfig(timeouts.connect(), timeout, timeouts.handshake());
            return this;
        }

        /** {@link TimeoutConfig#handshake()}: a connection not authenticated by then is closed (5 s). */
        public Builder handshakeTimeout(Duration timeout) {
            timeouts = new TimeoutConfig(timeouts.connect(), timeouts.send(), timeout);
            return this;
        }

        /** {@link HeartbeatConfig#interval()}: how often an idle connection carries a heartbeat (1 s). */
        public Builder heartbeatInterval(Duration interval) {
            heartbeat = new HeartbeatConfig(interval, heartbeat.timeout());
            return this;
        }

        /** {@link HeartbeatConfig#timeout()}: a peer silent this long is lost (10 s); longer than the interval. */
        public Builder heartbeatTimeout(Duration timeout) {
            heartbeat = new HeartbeatConfig(heartbeat.interval(), timeout);
            return this;
        }

        /** @param bytes 1 KiB to 1 GiB */
        public Builder maxMessageSize(int bytes) {
            limits = limits(bytes, limits.frameSize(), limits.writeBufferSize(), limits.outboundBufferSize(),
                    limits.maxNestingDepth());
            return this;
        }

        /** @param bytes 4 KiB to 16 MiB */
        public Builder frameSize(int bytes) {
            limits = limits(limits.maxMessageSize(), bytes, limits.writeBufferSize(), limits.outboundBufferSize(),
                    limits.maxNestingDepth());
            return this;
        }

        /** @param bytes at least twice the frame size plus 1 KiB (checked by {@link #build}) */
        public Builder writeBufferSize(int bytes) {
            limits = limits(limits.maxMessageSize(), limits.frameSize(), bytes, limits.outboundBufferSize(),
                    limits.maxNestingDepth());
            return this;
        }

        /** @param bytes 64 KiB to 1 GiB */
        public Builder outboundBufferSize(int bytes) {
            limits = limits(limits.maxMessageSize(), limits.frameSize(), limits.writeBufferSize(), bytes,
                    limits.maxNestingDepth());
            return this;
        }

        /** @param depth 4 to 10,000 */
        public Builder maxNestingDepth(int depth) {
            limits = limits(limits.maxMessageSize(), limits.frameSize(), limits.writeBufferSize(),
                    limits.outboundBufferSize(), depth);
            return this;
        }

        /**
         * Most heap one received message may take once decoded (see {@link LimitConfig}); by
         * default 4 × {@code maxMessageSize}, at least 64 MiB.
         *
         * @param bytes 1 KiB to 1 TiB
         */
        public Builder maxDecodedSize(long bytes) {
            limits = new LimitConfig(limits.maxMessageSize(), limits.frameSize(), limits.writeBufferSize(),
                    limits.outboundBufferSize(), limits.maxNestingDepth(), ConfigChecks.range(bytes, 1024, 1L << 40,
                    "maxDecodedSize"), limits.peerBudget(), limits.inboundMemory(), limits.peerStateMemory());
            decodedSizeSet = true;
            return this;
        }

        /**
         * Most memory the state one peer makes this node hold may take: its monitors, links and
         * half-sent messages (see {@link LimitConfig}); by default 2 × {@code maxMessageSize} + 64
         * MiB. A peer over it has its connection closed.
         *
         * @param bytes 1 MiB to 1 TiB, and at least {@code maxMessageSize} + 64 KiB (checked by {@link #build})
         */
        public Builder peerBudget(long bytes) {
            limits = new LimitConfig(limits.maxMessageSize(), limits.frameSize(), limits.writeBufferSize(),
                    limits.outboundBufferSize(), limits.maxNestingDepth(), limits.maxDecodedSize(),
                    ConfigChecks.range(bytes, 1L << 20, 1L << 40, "peerBudget"), limits.inboundMemory(),
                    limits.peerStateMemory());
            peerBudgetSet = true;
            return this;
        }

        /**
         * Most memory that messages being put back together or decoded may take at once, across
         * every connection (see {@link LimitConfig}); by default a quarter of the maximum heap.
         *
         * @param bytes 1 MiB to 1 TiB
         */
        public Builder inboundMemory(long bytes) {
            limits = new LimitConfig(limits.maxMessageSize(), limits.frameSize(), limits.writeBufferSize(),
                    limits.outboundBufferSize(), limits.maxNestingDepth(), limits.maxDecodedSize(), limits.peerBudget(),
                    ConfigChecks.range(bytes, 1L << 20, 1L << 40, "inboundMemory"), limits.peerStateMemory());
            return this;
        }

        /**
         * Most memory the monitors and links of all peers together may take, with what peers
         * leave unread past their outbound limit (see {@link LimitConfig}); by default a quarter
         * of the maximum heap. A peer whose monitor, link or unread signal would pass it has its
         * connection closed.
         *
         * @param bytes 1 MiB to 1 TiB
         */
        public Builder peerStateMemory(long bytes) {
            limits = new LimitConfig(limits.maxMessageSize(), limits.frameSize(), limits.writeBufferSize(),
                    limits.outboundBufferSize(), limits.maxNestingDepth(), limits.maxDecodedSize(), limits.peerBudget(),
                    limits.inboundMemory(), ConfigChecks.range(bytes, 1L << 20, 1L << 40, "peerStateMemory"));
            return this;
        }

        /** Limits with these five sizes, and the derived ones at their defaults unless set. */
        private LimitConfig limits(int maxMessageSize, int frameSize, int writeBufferSize, int outboundBufferSize,
                                   int maxNestingDepth) {
            return new LimitConfig(maxMessageSize, frameSize, writeBufferSize, outboundBufferSize, maxNestingDepth,
                    decodedSizeSet ? limits.maxDecodedSize() : 0, peerBudgetSet ? limits.peerBudget() : 0,
                    limits.inboundMemory(), limits.peerStateMemory());
        }

        /** Admits {@code type} in messages (see {@link MessageTypes.Builder#register(Class)}); do the same on every node. */
        public Builder register(Class<?> type) {
            types.register(type);
            return this;
        }

        /** Admits {@code type} with an explicit id (see {@link MessageTypes.Builder#register(Class, int)}). */
        public Builder register(Class<?> type, int id) {
            types.register(type, id);
            return this;
        }

        /** Admits every class of a package and its subpackages (see {@link MessageTypes.Builder#allowPackage}). */
        public Builder allowPackage(String packageName) {
            types.allowPackage(packageName);
            return this;
        }

        /** Whether classes marked {@code @Message} travel unregistered (default true; see {@link MessageTypes.Builder#admitMarkedTypes}). */
        public Builder admitMarkedTypes(boolean admit) {
            types.admitMarkedTypes(admit);
            return this;
        }

        /**
         * The cluster's shared secret: every node of the cluster must hold it. At least 128 bits:
         * e.g. the 64 hex digits of {@code openssl rand -hex 32}; a shorter or patterned one is
         * refused with {@link IllegalArgumentException}, which says how to make a good one.
         */
        public Builder secret(byte[] secret) {
            security = security(Objects.requireNonNull(secret, "secret"), security.previousSecret(),
                    security.protection(), security.maxPendingHandshakes(), security.maxPendingHandshakesPerAddress(),
                    security.maxConnections());
            return this;
        }

        /** The cluster's shared secret as text (its UTF-8 bytes); see {@link #secret(byte[])}. */
        public Builder secret(String secret) {
            Objects.requireNonNull(secret, "secret");
            return secret(secret.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * During a rollover, the secret being replaced: this node still accepts nodes that hold
         * only it, and proves it to them, while it proves and prefers {@link #secret}. Give every
         * node the new secret with the old one as previous, one node at a time; once all have it,
         * remove the previous secret the same way. Needs {@link #secret} too (checked by {@link #build}).
         */
        public Builder previousSecret(byte[] previousSecret) {
            security = security(security.secret(), Objects.requireNonNull(previousSecret, "previousSecret"),
                    security.protection(), security.maxPendingHandshakes(), security.maxPendingHandshakesPerAddress(),
                    security.maxConnections());
            return this;
        }

        /** The previous secret as text (its UTF-8 bytes); see {@link #previousSecret(byte[])}. */
        public Builder previousSecret(String previousSecret) {
            Objects.requireNonNull(previousSecret, "previousSecret");
            return previousSecret(previousSecret.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * How frames are protected after the handshake: {@link WireProtection#ENCRYPTED} (the
         * default) or {@link WireProtection#PLAINTEXT_UNSAFE}; a connection is encrypted if either
         * node asks.
         */
        public Builder wireProtection(WireProtection protection) {
            security = security(security.secret(), security.previousSecret(),
                    Objects.requireNonNull(protection, "protection"), security.maxPendingHandshakes(),
                    security.maxPendingHandshakesPerAddress(), security.maxConnections());
            return this;
        }

        /**
         * {@code true}: {@link WireProtection#ENCRYPTED}, the default; {@code false}:
         * {@link WireProtection#PLAINTEXT_UNSAFE}.
         *
         * @deprecated frames are encrypted by default; to turn that off, say so by name with
         *             {@code wireProtection(WireProtection.PLAINTEXT_UNSAFE)}
         */
        @Deprecated
        public Builder encrypt(boolean encrypt) {
            return wireProtection(encrypt ? WireProtection.ENCRYPTED : WireProtection.PLAINTEXT_UNSAFE);
        }

        /** @param count 1 to 100,000 */
        public Builder maxPendingHandshakes(int count) {
            security = security(security.secret(), security.previousSecret(), security.protection(), count,
                    security.maxPendingHandshakesPerAddress(), security.maxConnections());
            return this;
        }

        /** @param count 1 to 100,000; more than {@code maxPendingHandshakes} means that many */
        public Builder maxPendingHandshakesPerAddress(int count) {
            security = security(security.secret(), security.previousSecret(), security.protection(),
                    security.maxPendingHandshakes(), count, security.maxConnections());
            return this;
        }

        /** Authenticated connections up at once. @param count 1 to 100,000 */
        public Builder maxConnections(int count) {
            security = security(security.secret(), security.previousSecret(), security.protection(),
                    security.maxPendingHandshakes(), security.maxPendingHandshakesPerAddress(), count);
            return this;
        }

        /**
         * A security group. A previous secret given before the secret waits in the builder for
         * it (the group refuses one without the other); {@link #build} refuses it if it still waits.
         */
        private SecurityConfig security(byte[] secret, byte[] previous, WireProtection protection, int pending,
                                        int pendingPerAddress, int connections) {
            if (previous != null && secret == null) {
                String problem = SecretStrength.problem(previous); // checked now, as every setter checks
                if (problem != null) {
                    throw new IllegalArgumentException("previousSecret: " + problem);
                }
                pendingPrevious = previous;
                previous = null;
            } else if (previous == null && secret != null && pendingPrevious != null) {
                // kept pending until the secret is accepted: a refused secret must not lose it
                SecurityConfig withPrevious = new SecurityConfig(secret, pendingPrevious, protection, pending,
                        pendingPerAddress, connections);
                pendingPrevious = null;
                return withPrevious;
            }
            return new SecurityConfig(secret, previous, protection, pending, pendingPerAddress, connections);
        }

        /**
         * The seeds of the cluster, each {@code host:port} ({@code [ipv6]:port} for an IPv6
         * literal): contacted at start, and again whenever none of them is connected.
         *
         * @throws IllegalArgumentException naming the entry that is not {@code host:port}
         */
        public Builder seeds(String... hostPorts) {
            Objects.requireNonNull(hostPorts, "hostPorts");
            return seeds(Arrays.stream(hostPorts).map(s -> NodeAddress.parse(Objects.requireNonNull(s, "seeds: an entry is null; give host:port texts only")))
                    .toArray(NodeAddress[]::new));
        }

        /** The seeds of the cluster: contacted at start, and again whenever none of them is connected. */
        public Builder seeds(NodeAddress... seeds) {
            Objects.requireNonNull(seeds, "seeds");
            for (int i = 0; i < seeds.length; i++) {
                if (seeds[i] == null) {
                    throw new NullPointerException("seeds: entry " + i + " is null; give node addresses only");
                }
            }
            return seeds(seeds.length == 0 ? ClusterConfig.NO_SEEDS : SeedProvider.of(List.of(seeds)));
        }

        /** Where the seeds come from: a static list, DNS ({@link SeedProvider#dns}, {@link SeedProvider#dnsSrv}) or your own. */
        public Builder seeds(SeedProvider provider) {
            cluster = new ClusterConfig(Objects.requireNonNull(provider, "provider"), cluster.retryFirst(),
                    cluster.retryMax(), cluster.lostMemberRetention());
            return this;
        }

        /** The delay before the second round of seeds (and lost-member attempt), doubling up to {@code max}. */
        public Builder seedRetry(Duration first, Duration max) {
            cluster = new ClusterConfig(cluster.seeds(), first, max, cluster.lostMemberRetention());
            return this;
        }

        /** How long a member lost without saying goodbye is dialed again (1 h by default). */
        public Builder lostMemberRetention(Duration retention) {
            cluster = new ClusterConfig(cluster.seeds(), cluster.retryFirst(), cluster.retryMax(), retention);
            return this;
        }

        /** Bounds on what the cluster services keep for other nodes; give every node the same. */
        public Builder clusterLimits(ClusterLimits limits) {
            clusterLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * TLS 1.3 with mutual certificates between nodes (see {@link TlsConfig}); every node of the
         * cluster needs it, and still the shared secret. Null: what the environment variable
         * {@value TlsConfig#DIRECTORY_VARIABLE} says (the default).
         */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /**
         * @throws IllegalArgumentException if settings contradict each other (the heartbeat timeout
         *                                  must exceed the interval; the write buffer must hold two
         *                                  frames; TLS encrypts every frame, so it cannot go with
         *                                  {@link WireProtection#PLAINTEXT_UNSAFE})
         */
        public NodeConfig build() {
            if (pendingPrevious != null) {
                throw new IllegalArgumentException("previousSecret is set without a secret: set the new secret with "
                        + "secret(...) too");
            }
            if (tls != null && !security.encrypt()) {
                throw new IllegalArgumentException("TLS encrypts every frame: drop wireProtection(PLAINTEXT_UNSAFE), or"
                        + " drop tls(...) to send frames in clear");
            }
            return new NodeConfig(listen, heartbeat, timeouts, limits, security, types.build(), cluster, clusterLimits,
                    tls);
        }
    }
}
