package io.threadwire.tests.security;

import static io.threadwire.tests.security.AttackedNode.RETAINED_BOUND;
import static io.threadwire.tests.security.Delays.HANDSHAKE_TIMEOUT;
import static io.threadwire.tests.security.Delays.QUICK;
import static io.threadwire.tests.security.Delays.TIMEOUT_SLACK;
import static io.threadwire.tests.security.Delays.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario: a raw socket breaks KryoNet's framing or sends frames out of turn. Each case must
 * close that one connection (at once, or at the handshake or heartbeat timeout for a peer
 * that goes silent), while the legitimate peer's connection stays up and carries 100,000
 * messages in order afterwards, and the heap in use does not grow. Runs with encryption off and
 * on: the attacks come before the handshake or break the framing itself, so they are the same
 * bytes in both modes, against a node that does or does not encrypt.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(WireMode.class)
class HostileFramingTest {
    /** Heartbeats every 2 units and a timeout of 16, so that a silent authenticated peer is dropped within seconds. */
    @RegisterExtension
    final Cluster cluster;

    private Bystander bystander;
    private NodeAddress target;

    HostileFramingTest(WireMode mode) {
        cluster = AttackedNode.cluster(mode, b -> b.heartbeatInterval(UNIT.multipliedBy(2))
                .heartbeatTimeout(UNIT.multipliedBy(16)));
    }

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
        target = AttackedNode.attacked(cluster).address();
    }

    /** Sends {@code bytes} on a new connection, right after the node's RegisterTCP, and asserts it is closed quickly. */
    private void assertClosedQuickly(String label, byte[] bytes) throws Exception {
        Heap.Report heap = Heap.around(label, () -> {
            try (RawPeer p = RawPeer.connect(target)) {
                p.readRegistration();
                p.sendHostile(bytes);
                assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND);
    }

    private static byte[] lengthPrefix(int length, byte[] rest) {
        return ByteBuffer.allocate(4 + rest.length).putInt(length).put(rest).array();
    }

    /**
     * Connections that send keep-alives as fast as the socket takes them, one before any handshake
     * and one authenticated. The node reads and discards each on the network thread that every
     * accepted connection shares, and KryoNet reads one connection for as long as its buffer
     * refills (it held the thread for good before connections took turns): that thread must still
     * serve the legitimate peer meanwhile, and close each flooder at its timeout (keep-alives,
     * which anyone on the path can forge, are no sign of life).
     */
    @ParameterizedTest(name = "authenticated {0}")
    @ValueSource(booleans = {false, true})
    void aFloodOfKeepAlivesDoesNotHoldTheNetworkThread(boolean authenticated) throws Exception {
        byte[] burst = new byte[64 * 1024 / 5 * 5];
        for (int i = 0; i < burst.length; i += 5) {
            burst[i + 3] = 1; // a length of 1: the type byte alone
            burst[i + 4] = RawPeer.KEEP_ALIVE;
        }
        Duration closedWithin = (authenticated ? UNIT.multipliedBy(16) : HANDSHAKE_TIMEOUT).plus(TIMEOUT_SLACK);
        try (RawPeer p = authenticated ? AttackedNode.authenticatedPeer(cluster) : RawPeer.connect(target)) {
            if (!authenticated) {
                p.readRegistration();
            }
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread flood = Thread.ofPlatform().daemon().start(() -> {
                while (flooding.get()) {
                    p.sendHostile(burst); // a closed connection swallows the rest
                }
            });
            try {
                bystander.assertServed(Bystander.MESSAGES);
                p.awaitClosed(closedWithin);
            } finally {
                flooding.set(false);
                flood.join(Timeouts.LONG.toMillis());
            }
        }
    }

    /** Random bytes close the connection that sent them, and only it. */
    @Test
    void randomBytesCloseTheConnection() throws Exception {
        Heap.Report heap = Heap.around("random bytes, 20 connections", () -> {
            for (int seed = 1; seed <= 20; seed++) {
                byte[] garbage = new byte[4096];
                new Random(seed).nextBytes(garbage);
                try (RawPeer p = RawPeer.connect(target)) {
                    p.readRegistration();
                    p.sendHostile(garbage);
                    assertThat(p.awaitClosed(QUICK)).as("time to close, seed %d", seed).isLessThan(QUICK);
                }
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND);
    }

    /** A length prefix of 2 GB, a negative or zero one, or one beyond the read buffer closes the connection. */
    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {Integer.MAX_VALUE, 1 << 30, 1 << 20, 65_570, 0, -1, Integer.MIN_VALUE})
    void aLengthPrefixOutsideTheReadBufferClosesTheConnection(int length) throws Exception {
        assertClosedQuickly("length prefix " + length, lengthPrefix(length, new byte[] {RawPeer.HANDSHAKE, 1, 2, 3}));
    }

    /** A frame type the protocol does not use closes the connection. */
    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {1, 3, 4, 5, 9, 13, 127, 255})
    void anUnknownFrameTypeClosesTheConnection(int type) throws Exception {
        assertClosedQuickly("frame type " + type, RawPeer.frame(type, new byte[] {0, 0, 0, 0}));
    }

    /** A TLS frame that holds no TLS record closes the connection: whether or not the node is configured for TLS. */
    @Test
    void aTlsFrameOfGarbageClosesTheConnection() throws Exception {
        assertClosedQuickly("a TLS frame of garbage", RawPeer.frame(RawTls.TLS_FRAME, new byte[] {0, 0, 0, 0, 0, 0, 0}));
    }

    /** A data frame before any handshake closes the connection, and its items are never delivered. */
    @Test
    void aDataFrameAsTheFirstFrameClosesTheConnection() throws Exception {
        byte[] item = RawPeer.sendByName(Bystander.SINK, Payloads.string(8, "intruder"));
        assertClosedQuickly("data frame first", RawPeer.frame(RawPeer.DATA, new RawPeer.Bytes().varLong(item.length)
                .raw(item).toArray()));
    }

    /** A client that sends the server's RegisterTCP closes its connection. */
    @Test
    void aRegisterTcpFromTheClientClosesTheConnection() throws Exception {
        assertClosedQuickly("RegisterTCP from a client", RawPeer.frame(RawPeer.REGISTER_TCP, new byte[] {0, 0, 0, 1}));
    }

    /** A handshake message longer than any real one closes the connection before it is decoded. */
    @Test
    void anOversizedHandshakeMessageClosesTheConnection() throws Exception {
        byte[] body = new byte[4_000];
        body[0] = RawPeer.HELLO;
        assertClosedQuickly("4000-byte handshake message", RawPeer.frame(RawPeer.HANDSHAKE, body));
    }

    /** A Hello whose host name claims a gigabyte closes the connection. */
    @Test
    void aHelloWithAGigabyteHostNameClosesTheConnection() throws Exception {
        byte[] hello = new RawPeer.Bytes().u8(RawPeer.HELLO).varLong(RawPeer.PROTOCOL_VERSION).varLong(1L << 30)
                .raw("127.0.0.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toArray();
        assertClosedQuickly("Hello claiming a 1 GB host name", RawPeer.frame(RawPeer.HANDSHAKE, hello));
    }

    /** A handshake message out of turn (a Proof, a Welcome, a Challenge before any Hello) closes the connection. */
    @ParameterizedTest(name = "handshake kind {0}")
    @ValueSource(ints = {RawPeer.CHALLENGE, RawPeer.PROOF, RawPeer.WELCOME, RawPeer.REFUSED, 0, 6, 200})
    void aHandshakeMessageOutOfTurnClosesTheConnection(int kind) throws Exception {
        byte[] body = new byte[33];
        body[0] = (byte) kind;
        assertClosedQuickly("handshake kind " + kind + " first", RawPeer.frame(RawPeer.HANDSHAKE, body));
    }

    /**
     * Connections in a row that each send a handshake message that does not decode: each is
     * closed, and the node says so in its log once, not once per connection. Anyone can open
     * connections, and warnings a peer can provoke are logged at most once every ten seconds
     * (docs/security.md); one WARN line per attempt let a peer without the secret fill the log
     * as fast as it could connect.
     */
    @Test
    void malformedHandshakesFromManyConnectionsAreLoggedOnce() throws Exception {
        int attempts = 20;
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < attempts; i++) {
                try (RawPeer p = RawPeer.connect(target)) {
                    p.readRegistration();
                    p.sendHostile(RawPeer.frame(RawPeer.HANDSHAKE, new byte[] {(byte) 200}));
                    assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
                }
            }
            Timeouts.await(() -> log.lines().stream().anyMatch(l -> l.contains("unknown handshake message 200")),
                    "the malformed handshake logged");
            assertThat(log.lines().stream().filter(l -> l.contains("unknown handshake message 200")))
                    .as("lines about %d malformed handshakes", attempts).hasSize(1);
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A frame cut short, then silence, is closed by the handshake timeout. */
    @Test
    void aTruncatedFrameThenSilenceIsClosedByTheHandshakeTimeout() throws Exception {
        Duration within = HANDSHAKE_TIMEOUT.plus(TIMEOUT_SLACK);
        Heap.Report heap = Heap.around("truncated frame, then silence", () -> {
            try (RawPeer p = RawPeer.connect(target)) {
                p.readRegistration();
                p.sendHostile(lengthPrefix(100, new byte[] {RawPeer.HANDSHAKE, RawPeer.HELLO, 1, 2, 3, 4, 5}));
                assertThat(p.awaitClosed(within)).as("time to close").isLessThan(within);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND);
    }

    /** An authenticated peer that sends a truncated frame and falls silent is closed by the heartbeat timeout. */
    @Test
    void anAuthenticatedPeerThatFallsSilentMidFrameIsClosedByTheHeartbeatTimeout() throws Exception {
        Duration timeout = AttackedNode.attacked(cluster).config().heartbeat().timeout();
        Duration within = timeout.plus(TIMEOUT_SLACK);
        Heap.Report heap = Heap.around("authenticated, truncated frame, then silence", () -> {
            try (RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
                p.sendHostile(lengthPrefix(1_000, new byte[] {RawPeer.DATA, 3, RawPeer.HEARTBEAT}));
                Duration closedAfter = p.awaitClosed(within);
                assertThat(closedAfter).as("time to close").isBetween(timeout.minus(UNIT), within);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND);
    }
}
