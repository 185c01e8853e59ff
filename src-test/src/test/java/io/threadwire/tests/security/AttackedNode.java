package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.internal.cluster.protocol.ClusterTypes;
import io.threadwire.serialize.HandleResolver;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.MessageTypes;
import io.threadwire.testkit.Cluster;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * The cluster every hostile test attacks: node 0 is the legitimate peer, node 1 the attacked
 * node, both on 127.0.0.1 port 0 with one random secret, a short handshake timeout
 * ({@link Delays#HANDSHAKE_TIMEOUT}), a 4 MiB message limit, this package's classes admitted by
 * name, and encryption on or off, or TLS, as the test's {@link WireMode} says.
 */
final class AttackedNode {
    static final int MAX_MESSAGE = 4 << 20;
    static final int MAX_DEPTH = 100; // the default
    static final String PACKAGE = "io.threadwire.tests.security";
    /** How much the heap in use may grow across an attack: generous; a leak of the attacker's claims is gigabytes. */
    static final long RETAINED_BOUND = 64 * Heap.MB;

    static {
        // The first handshake and codec use of a JVM load and compile a lot: on a busy machine that
        // alone can outlast the short handshake timeout. Pay for it once, with the default timeouts.
        try (Cluster warm = Cluster.start(2)) {
            new Bystander(warm.node(0), warm.node(1));
        }
        try (Cluster warm = Cluster.of(2, b -> b.tls(SuiteTls.nodeFiles())).start()) { // TLS loads and compiles more
            new Bystander(warm.node(0), warm.node(1));
        }
    }

    private AttackedNode() {
    }

    static Cluster cluster(WireMode mode) {
        return cluster(mode, b -> b);
    }

    static Cluster cluster(WireMode mode, UnaryOperator<NodeConfig.Builder> more) {
        return Cluster.of(2, b -> more.apply(b.handshakeTimeout(Delays.HANDSHAKE_TIMEOUT).maxMessageSize(MAX_MESSAGE)
                .allowPackage(PACKAGE).wireProtection(mode.protection()).tls(mode == WireMode.TLS ? SuiteTls.nodeFiles() : null)));
    }

    /** The types the attacked node admits. */
    static MessageTypes types() {
        return MessageTypes.builder().allowPackage(PACKAGE).build();
    }

    /** The attacked node's codec for the cluster protocol, as a raw peer encodes its requests. */
    static MessageCodec clusterCodec() {
        return new MessageCodec(ClusterTypes.with(types()), MAX_MESSAGE, MAX_DEPTH, new HandleResolver() {
            @Override
            public RemoteThread.ById export(LocalThread thread) {
                throw new UnsupportedOperationException("the raw peer sends no thread of this JVM");
            }

            @Override
            public ThreadRef resolve(RemoteThread.ById handle) {
                return handle;
            }
        });
    }

    static Node legit(Cluster c) {
        return c.node(0);
    }

    static Node attacked(Cluster c) {
        return c.node(1);
    }

    static byte[] secret(Cluster c) {
        return c.node(1).config().security().secret();
    }

    /**
     * A raw peer authenticated with the attacked node under a fake address; asserts it encrypts
     * exactly when the attacked node is configured to (the peer's Hello does not ask to).
     */
    static RawPeer authenticatedPeer(Cluster c) throws IOException {
        return authenticatedPeer(c, 0);
    }

    /** As {@link #authenticatedPeer(Cluster)}, with a socket receive buffer of {@code receiveBufferBytes} (0: the system's). */
    static RawPeer authenticatedPeer(Cluster c, int receiveBufferBytes) throws IOException {
        RawPeer p = RawPeer.connect(attacked(c).address(), receiveBufferBytes);
        if (attacked(c).config().tls() != null) {
            p.withTls(SuiteTls.rawPeerContext());
        }
        try {
            p.authenticate(secret(c));
            assertThat(p.encrypting()).as("the raw peer encrypts (the node's encrypt is %s)", attacked(c).config().security().encrypt())
                    .isEqualTo(attacked(c).config().security().encrypt());
            return p;
        } catch (IOException | RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }
}
