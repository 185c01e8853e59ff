package io.threadwire.distributed;

import io.threadwire.serialize.MessageTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Node} listens, talks and fails. Immutable; build one with {@link #builder()}.
 * The settings come in groups, each a record that checks its own values:
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>group</th><th>setting (builder method)</th><th>default</th></tr>
 *   <tr><td rowspan="3">{@link ListenConfig}</td><td>{@code port}</td><td>0 (a free port)</td></tr>
 *   <tr><td>{@code host}</td><td>127.0.0.1</td></tr>
 *   <tr><td>{@code bindHost}</td><td>{@code host}</td></tr>
 *   <tr><td rowspan="2">{@link HeartbeatConfig}</td><td>{@code heartbeatInterval}</td><td>1 s</td></tr>
 *   <tr><td>{@code heartbeatTimeout}</td><td>10 s</td></tr>
 *   <tr><td rowspan="3">{@link TimeoutConfig}</td><td>{@code connectTimeout}</td><td>5 s</td></tr>
 *   <tr><td>{@code sendTimeout}</td><td>30 s</td></tr>
 *   <tr><td>{@code handshakeTimeout}</td><td>5 s</td></tr>
 *   <tr><td rowspan="5">{@link LimitConfig}</td><td>{@code maxMessageSize}</td><td>32 MiB</td></tr>
 *   <tr><td>{@code frameSize}</td><td>64 KiB</td></tr>
 *   <tr><td>{@code writeBufferSize}</td><td>256 KiB</td></tr>
 *   <tr><td>{@code outboundBufferSize}</td><td>4 MiB</td></tr>
 *   <tr><td>{@code maxNestingDepth}</td><td>100</td></tr>
 *   <tr><td rowspan="3">{@link SecurityConfig}</td><td>{@code secret}</td><td>{@code THREADWIRE_SECRET},
 *       else {@code ~/.threadwire/secret}</td></tr>
 *   <tr><td>{@code encrypt}</td><td>false</td></tr>
 *   <tr><td>{@code maxPendingHandshakes}</td><td>64</td></tr>
 *   <tr><td>{@link MessageTypes}</td><td>{@code register}, {@code allowPackage}, {@code admitMarkedTypes}</td><td>built-in
 *       and {@code @Message} types</td></tr>
 * </table>
 * Each group's record documents its settings; read them through the group, e.g.
 * {@code config.heartbeat().timeout()}.
 */
public final class NodeConfig {
    private final ListenConfig listen;
    private final HeartbeatConfig heartbeat;
    private final TimeoutConfig timeouts;
    private final LimitConfig limits;
    private final SecurityConfig security;
    private final MessageTypes types;

    /**
     * A configuration of these groups.
     *
     * @throws IllegalArgumentException if settings contradict each other (the heartbeat timeout
     *                                  must exceed the interval; the write buffer must hold two frames)
     */
    public NodeConfig(ListenConfig listen, HeartbeatConfig heartbeat, TimeoutConfig timeouts, LimitConfig limits,
                      SecurityConfig security, MessageTypes types) {
        this.listen = Objects.requireNonNull(listen, "listen");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat").checked();
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.limits = Objects.requireNonNull(limits, "limits").checked();
        this.security = Objects.requireNonNull(security, "security");
        this.types = Objects.requireNonNull(types, "types");
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
        b.heartbeat = heartbeat;
        b.timeouts = timeouts;
        b.limits = limits;
        b.security = security;
        b.types.addAll(types);
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

    /** The secret, encryption and the bound on unauthenticated connections. */
    public SecurityConfig security() {
        return security;
    }

    /** The application classes admitted in messages, besides the built-in ones. */
    public MessageTypes types() {
        return types;
    }

    @Override
    public String toString() {
        return "NodeConfig[" + listen + ", " + heartbeat + ", " + timeouts + ", " + limits + ", " + security + "]";
    }

    /**
     * Builds a {@link NodeConfig}; each setter checks its argument at once (through its group's
     * record) and says what is wrong; {@link #build} checks what involves several settings.
     * Not thread-safe.
     */
    public static final class Builder {
        private ListenConfig listen = ListenConfig.DEFAULT;
        private boolean bindHostSet;
        private HeartbeatConfig heartbeat = HeartbeatConfig.DEFAULT;
        private TimeoutConfig timeouts = TimeoutConfig.DEFAULT;
        private LimitConfig limits = LimitConfig.DEFAULT;
        private SecurityConfig security = SecurityConfig.DEFAULT;
        private final MessageTypes.Builder types = MessageTypes.builder();

        private Builder() {
        }

        /** @param port 0 to 65535; 0 picks a free port */
        public Builder port(int port) {
            listen = new ListenConfig(port, listen.host(), bindHostSet ? listen.bindHost() : null);
            return this;
        }

        /** The address this node listens on and its handles carry (a host name or IP literal). */
        public Builder host(String host) {
            listen = new ListenConfig(listen.port(), host, bindHostSet ? listen.bindHost() : null);
            return this;
        }

        /** Listen on this address instead of {@link #host}, e.g. {@code 0.0.0.0}. */
        public Builder bindHost(String bindHost) {
            listen = new ListenConfig(listen.port(), listen.host(), Objects.requireNonNull(bindHost, "bindHost"));
            bindHostSet = true;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            timeouts = new TimeoutConfig(timeout, timeouts.send(), timeouts.handshake());
            return this;
        }

        public Builder sendTimeout(Duration timeout) {
            timeouts = new TimeoutConfig(timeouts.connect(), timeout, timeouts.handshake());
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            timeouts = new TimeoutConfig(timeouts.connect(), timeouts.send(), timeout);
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            heartbeat = new HeartbeatConfig(interval, heartbeat.timeout());
            return this;
        }

        public Builder heartbeatTimeout(Duration timeout) {
            heartbeat = new HeartbeatConfig(heartbeat.interval(), timeout);
            return this;
        }

        /** @param bytes 1 KiB to 1 GiB */
        public Builder maxMessageSize(int bytes) {
            limits = new LimitConfig(bytes, limits.frameSize(), limits.writeBufferSize(), limits.outboundBufferSize(),
                    limits.maxNestingDepth());
            return this;
        }

        /** @param bytes 4 KiB to 16 MiB */
        public Builder frameSize(int bytes) {
            limits = new LimitConfig(limits.maxMessageSize(), bytes, limits.writeBufferSize(),
                    limits.outboundBufferSize(), limits.maxNestingDepth());
            return this;
        }

        /** @param bytes at least twice the frame size plus 1 KiB (checked by {@link #build}) */
        public Builder writeBufferSize(int bytes) {
            limits = new LimitConfig(limits.maxMessageSize(), limits.frameSize(), bytes, limits.outboundBufferSize(),
                    limits.maxNestingDepth());
            return this;
        }

        /** @param bytes 64 KiB to 1 GiB */
        public Builder outboundBufferSize(int bytes) {
            limits = new LimitConfig(limits.maxMessageSize(), limits.frameSize(), limits.writeBufferSize(), bytes,
                    limits.maxNestingDepth());
            return this;
        }

        /** @param depth 4 to 10,000 */
        public Builder maxNestingDepth(int depth) {
            limits = new LimitConfig(limits.maxMessageSize(), limits.frameSize(), limits.writeBufferSize(),
                    limits.outboundBufferSize(), depth);
            return this;
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

        /** The cluster's shared secret: at least 16 bytes. */
        public Builder secret(byte[] secret) {
            security = new SecurityConfig(Objects.requireNonNull(secret, "secret"), security.encrypt(),
                    security.maxPendingHandshakes());
            return this;
        }

        /** The cluster's shared secret as text (its UTF-8 bytes): at least 16 bytes. */
        public Builder secret(String secret) {
            Objects.requireNonNull(secret, "secret");
            return secret(secret.getBytes(StandardCharsets.UTF_8));
        }

        /** Encrypts every frame after the handshake (AES-GCM); the connection uses it if either node asks. */
        public Builder encrypt(boolean encrypt) {
            security = new SecurityConfig(security.secret(), encrypt, security.maxPendingHandshakes());
            return this;
        }

        /** @param count 1 to 100,000 */
        public Builder maxPendingHandshakes(int count) {
            security = new SecurityConfig(security.secret(), security.encrypt(), count);
            return this;
        }

        /**
         * @throws IllegalArgumentException if settings contradict each other (the heartbeat timeout
         *                                  must exceed the interval; the write buffer must hold two
         *                                  frames)
         */
        public NodeConfig build() {
            return new NodeConfig(listen, heartbeat, timeouts, limits, security, types.build());
        }
    }
}
