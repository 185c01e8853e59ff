package io.threadwire.distributed;

import io.threadwire.serialize.MessageTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a {@link Node} listens, talks and fails. Immutable; build one with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code port}</td><td>0</td><td>TCP port to listen on; 0 picks a free one</td></tr>
 *   <tr><td>{@code host}</td><td>127.0.0.1</td><td>the address this node listens on and that its
 *       thread handles carry: set it to an address other machines can reach to accept them</td></tr>
 *   <tr><td>{@code bindHost}</td><td>{@code host}</td><td>listen on another address, e.g.
 *       {@code 0.0.0.0} for every interface, while handles still carry {@code host}</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>5 s</td><td>longest a first send waits for a connection</td></tr>
 *   <tr><td>{@code heartbeatInterval}</td><td>1 s</td><td>a connection with nothing to send sends a heartbeat this often</td></tr>
 *   <tr><td>{@code heartbeatTimeout}</td><td>10 s</td><td>a peer heard nothing from for this long is declared down</td></tr>
 *   <tr><td>{@code maxMessageSize}</td><td>32 MiB</td><td>largest encoded message; bigger fails at send</td></tr>
 *   <tr><td>{@code frameSize}</td><td>64 KiB</td><td>largest frame; bigger messages travel in pieces of this size</td></tr>
 *   <tr><td>{@code writeBufferSize}</td><td>256 KiB</td><td>KryoNet's write buffer per connection</td></tr>
 *   <tr><td>{@code outboundBufferSize}</td><td>4 MiB</td><td>bytes a connection may queue before senders wait</td></tr>
 *   <tr><td>{@code sendTimeout}</td><td>30 s</td><td>longest a sender waits for room in a full queue</td></tr>
 *   <tr><td>{@code maxNestingDepth}</td><td>100</td><td>deepest nesting of objects in a message</td></tr>
 *   <tr><td>{@code types}</td><td>built-in and {@code @Message} types</td><td>application classes admitted in messages</td></tr>
 *   <tr><td>{@code secret}</td><td>see below</td><td>the cluster's shared secret</td></tr>
 *   <tr><td>{@code encrypt}</td><td>false</td><td>encrypt every frame (AES-GCM) after the handshake</td></tr>
 *   <tr><td>{@code handshakeTimeout}</td><td>5 s</td><td>a connection that has not authenticated by then is closed</td></tr>
 *   <tr><td>{@code maxPendingHandshakes}</td><td>64</td><td>unauthenticated connections held at once; more are closed</td></tr>
 * </table>
 *
 * <p>The secret: the one given here, else the environment variable {@code THREADWIRE_SECRET},
 * else the file {@code ~/.threadwire/secret}, created on first use with a random value and
 * owner-only permissions (so the nodes of one user on one machine need no set-up).
 */
public final class NodeConfig {
    private final int port;
    private final String host;
    private final String bindHost;
    private final Duration connectTimeout;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final int maxMessageSize;
    private final int frameSize;
    private final int writeBufferSize;
    private final int outboundBufferSize;
    private final Duration sendTimeout;
    private final int maxNestingDepth;
    private final MessageTypes types;
    private final byte[] secret;
    private final boolean encrypt;
    private final Duration handshakeTimeout;
    private final int maxPendingHandshakes;

    private NodeConfig(Builder b) {
        this.port = b.port;
        this.host = b.host;
        this.bindHost = b.bindHost == null ? b.host : b.bindHost;
        this.connectTimeout = b.connectTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.frameSize = b.frameSize;
        this.writeBufferSize = b.writeBufferSize;
        this.outboundBufferSize = b.outboundBufferSize;
        this.sendTimeout = b.sendTimeout;
        this.maxNestingDepth = b.maxNestingDepth;
        this.types = b.types.build();
        this.secret = b.secret == null ? null : b.secret.clone();
        this.encrypt = b.encrypt;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxPendingHandshakes = b.maxPendingHandshakes;
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
        b.port = port;
        b.host = host;
        b.bindHost = bindHost.equals(host) ? null : bindHost;
        b.connectTimeout = connectTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.heartbeatTimeout = heartbeatTimeout;
        b.maxMessageSize = maxMessageSize;
        b.frameSize = frameSize;
        b.writeBufferSize = writeBufferSize;
        b.outboundBufferSize = outboundBufferSize;
        b.sendTimeout = sendTimeout;
        b.maxNestingDepth = maxNestingDepth;
        b.types.addAll(types);
        b.secret = secret == null ? null : secret.clone();
        b.encrypt = encrypt;
        b.handshakeTimeout = handshakeTimeout;
        b.maxPendingHandshakes = maxPendingHandshakes;
        return b;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public String bindHost() {
        return bindHost;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public int frameSize() {
        return frameSize;
    }

    public int writeBufferSize() {
        return writeBufferSize;
    }

    public int outboundBufferSize() {
        return outboundBufferSize;
    }

    public Duration sendTimeout() {
        return sendTimeout;
    }

    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    public MessageTypes types() {
        return types;
    }

    /** The secret given to the builder, or null to use {@code THREADWIRE_SECRET} or {@code ~/.threadwire/secret}. */
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    public boolean encrypt() {
        return encrypt;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    @Override
    public String toString() {
        return "NodeConfig[" + host + ":" + port + (bindHost.equals(host) ? "" : " bound to " + bindHost)
                + ", heartbeat " + heartbeatInterval + "/" + heartbeatTimeout + ", maxMessageSize " + maxMessageSize
                + (encrypt ? ", encrypted" : "") + "]";
    }

    /** Builds a {@link NodeConfig}; each setter checks its argument and says what is wrong. Not thread-safe. */
    public static final class Builder {
        private int port;
        private String host = "127.0.0.1";
        private String bindHost;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        private int maxMessageSize = 32 << 20;
        private int frameSize = 64 << 10;
        private int writeBufferSize = 256 << 10;
        private int outboundBufferSize = 4 << 20;
        private Duration sendTimeout = Duration.ofSeconds(30);
        private int maxNestingDepth = 100;
        private final MessageTypes.Builder types = MessageTypes.builder();
        private byte[] secret;
        private boolean encrypt;
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private int maxPendingHandshakes = 64;

        private Builder() {
        }

        /** @param port 0 to 65535; 0 picks a free port */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is not 0 (any free port) or a TCP port 1 to 65535");
            }
            this.port = port;
            return this;
        }

        /** The address this node listens on and its handles carry (a host name or IP literal). */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is blank: give a host name or IP address such as 127.0.0.1");
            }
            this.host = host.strip();
            return this;
        }

        /** Listen on this address instead of {@link #host}, e.g. {@code 0.0.0.0}. */
        public Builder bindHost(String bindHost) {
            Objects.requireNonNull(bindHost, "bindHost");
            if (bindHost.isBlank()) {
                throw new IllegalArgumentException("bindHost is blank");
            }
            this.bindHost = bindHost.strip();
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive(interval, "heartbeatInterval");
            return this;
        }

        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = positive(timeout, "heartbeatTimeout");
            return this;
        }

        /** @param bytes 1 KiB to 1 GiB */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = range(bytes, 1 << 10, 1 << 30, "maxMessageSize");
            return this;
        }

        /** @param bytes 4 KiB to 16 MiB */
        public Builder frameSize(int bytes) {
            this.frameSize = range(bytes, 4 << 10, 16 << 20, "frameSize");
            return this;
        }

        /** @param bytes at least twice the frame size plus 1 KiB (checked by {@link #build}) */
        public Builder writeBufferSize(int bytes) {
            this.writeBufferSize = range(bytes, 8 << 10, 1 << 30, "writeBufferSize");
            return this;
        }

        /** @param bytes 64 KiB to 1 GiB */
        public Builder outboundBufferSize(int bytes) {
            this.outboundBufferSize = range(bytes, 64 << 10, 1 << 30, "outboundBufferSize");
            return this;
        }

        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = positive(timeout, "sendTimeout");
            return this;
        }

        /** @param depth 4 to 10,000 */
        public Builder maxNestingDepth(int depth) {
            this.maxNestingDepth = range(depth, 4, 10_000, "maxNestingDepth");
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
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 16) {
                throw new IllegalArgumentException("the secret has " + secret.length
                        + " bytes; use at least 16 (e.g. 32 random bytes)");
            }
            this.secret = Arrays.copyOf(secret, secret.length);
            return this;
        }

        /** The cluster's shared secret as text (its UTF-8 bytes): at least 16 bytes. */
        public Builder secret(String secret) {
            Objects.requireNonNull(secret, "secret");
            return secret(secret.getBytes(StandardCharsets.UTF_8));
        }

        /** Encrypts every frame after the handshake (AES-GCM); the connection uses it if either node asks. */
        public Builder encrypt(boolean encrypt) {
            this.encrypt = encrypt;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** @param count 1 to 100,000 */
        public Builder maxPendingHandshakes(int count) {
            this.maxPendingHandshakes = range(count, 1, 100_000, "maxPendingHandshakes");
            return this;
        }

        /**
         * @throws IllegalArgumentException if settings contradict each other (the heartbeat timeout
         *                                  must exceed the interval; the write buffer must hold two
         *                                  frames)
         */
        public NodeConfig build() {
            if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
                throw new IllegalArgumentException("heartbeatTimeout (" + heartbeatTimeout
                        + ") must be longer than heartbeatInterval (" + heartbeatInterval + "), a few times longer is usual");
            }
            if (writeBufferSize < 2 * frameSize + 1024) {
                throw new IllegalArgumentException("writeBufferSize (" + writeBufferSize
                        + ") must hold two frames: at least 2 * frameSize + 1024 = " + (2 * frameSize + 1024));
            }
            return new NodeConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static int range(int value, int min, int max, String name) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " " + value + " is outside " + min + " to " + max);
            }
            return value;
        }
    }
}
