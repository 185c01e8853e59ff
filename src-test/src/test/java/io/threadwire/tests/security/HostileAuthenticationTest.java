package io.threadwire.tests.security;

import static io.threadwire.tests.security.AttackedNode.RETAINED_BOUND;
import static io.threadwire.tests.security.Delays.HANDSHAKE_TIMEOUT;
import static io.threadwire.tests.security.Delays.QUICK;
import static io.threadwire.tests.security.Delays.TIMEOUT_SLACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario: a peer without the cluster's secret tries to get in: with a wrong secret, with no
 * proof at all (a zero MAC, a short one, none), or by replaying a legitimate client's recorded
 * handshake. It must be refused and its connection closed, none of its data frames may reach a
 * thread, and the legitimate peer goes on being served. Runs with encryption off and on: a
 * refused peer never gets keys, so its data frames are in clear either way; a welcomed one
 * encrypts when the node does.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(WireMode.class)
class HostileAuthenticationTest {
    @RegisterExtension
    final Cluster cluster;

    private final WireMode mode;
    private Bystander bystander;
    private NodeAddress target;
    private byte[] secret;

    HostileAuthenticationTest(WireMode mode) {
        this.mode = mode;
        cluster = AttackedNode.cluster(mode);
    }

    @BeforeEach
    void connectTheLegitimatePeer() {
        bystander = new Bystander(AttackedNode.legit(cluster), AttackedNode.attacked(cluster));
        target = AttackedNode.attacked(cluster).address();
        secret = AttackedNode.secret(cluster);
    }

    private static byte[] intrusion(String text) {
        return RawPeer.sendByName(Bystander.SINK, Payloads.string(text.length(), text));
    }

    /** Runs a handshake up to the Challenge, sends {@code proof}, and asserts the node refuses and closes. */
    private void assertRefused(String label, byte[] proof) throws Exception {
        Heap.Report heap = Heap.around(label, () -> {
            try (RawPeer p = RawPeer.connect(target, mode)) {
                p.readRegistration();
                p.sendHello(RawPeer.fakeAddress(), false);
                p.readChallenge();
                p.sendExtensions();
                p.sendProof(proof);
                assertThat(p.readAnswer()).as("the node's answer").isEqualTo(RawPeer.REFUSED);
                assertThat(p.refusal().mac()).as("a refusal before the peer proved anything carries no MAC").isEmpty();
                p.sendHostile(RawPeer.frame(RawPeer.DATA, RawPeer.items(intrusion("intruder"))));
                assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES); // the sink got nothing from the intruder
        heap.assertRetainedBelow(RETAINED_BOUND);
    }

    /**
     * The raw peer, given the right secret, is welcomed, and the node's Welcome proves the secret
     * to it: the refusals below are not its own bugs.
     */
    @Test
    void theRightSecretIsWelcomed() throws Exception {
        try (RawPeer p = RawPeer.connect(target, mode)) {
            p.readRegistration();
            p.sendHello(RawPeer.fakeAddress(), false);
            assertThat(p.readChallenge().encrypt()).as("the node's Challenge: encrypt").isEqualTo(mode.encrypts());
            p.sendExtensions();
            p.sendProof(p.clientProof(secret));
            assertThat(p.readAnswer()).isEqualTo(RawPeer.WELCOME); // its Welcome's MAC checked out
            assertThat(p.encrypting()).as("the raw peer encrypts").isEqualTo(mode.encrypts());
            p.sendItems(intrusion("welcomed"));
            p.sync();
        }
        bystander.expectForeign("welcomed");
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A peer with the wrong secret is refused, and the refusal carries nothing that depends on the secret. */
    @Test
    void aWrongSecretIsRefused() throws Exception {
        byte[] wrong = "not the cluster's secret at all".getBytes(StandardCharsets.UTF_8);
        Heap.Report heap = Heap.around("wrong secret", () -> {
            try (RawPeer p = RawPeer.connect(target, mode)) {
                p.readRegistration();
                p.sendHello(RawPeer.fakeAddress(), false);
                p.readChallenge();
                p.sendExtensions();
                p.sendProof(p.clientProof(wrong));
                assertThat(p.readAnswer()).as("the node's answer").isEqualTo(RawPeer.REFUSED);
                assertThat(p.refusal().mac()).as("the refusal's MAC").isEmpty();
                p.sendHostile(RawPeer.frame(RawPeer.DATA, RawPeer.items(intrusion("intruder"))));
                assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND);
    }

    /** A Proof of 32 zero bytes (no secret at all) is refused. */
    @Test
    void aZeroMacIsRefused() throws Exception {
        assertRefused("zero MAC", new byte[32]);
    }

    /** A Proof computed over someone else's transcript (the secret's MAC of the wrong nonces) is refused. */
    @Test
    void aProofForAnotherChallengeIsRefused() throws Exception {
        byte[] otherTranscript = RawPeer.hmac(secret, "threadwire client proof".getBytes(StandardCharsets.US_ASCII));
        assertRefused("proof of another transcript", otherTranscript);
    }

    /** A Proof shorter than a MAC closes the connection. */
    @Test
    void aTruncatedProofClosesTheConnection() throws Exception {
        Heap.Report heap = Heap.around("16-byte proof", () -> {
            try (RawPeer p = RawPeer.connect(target, mode)) {
                p.readRegistration();
                p.sendHello(RawPeer.fakeAddress(), false);
                p.readChallenge();
                p.sendExtensions();
                p.sendHostile(RawPeer.frame(RawPeer.HANDSHAKE, Arrays.copyOf(new byte[] {RawPeer.PROOF, 1}, 18)));
                assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND);
    }

    /**
     * A node of another protocol version is refused before anything is proved, and its Refused
     * says why, so that its own log does; under TLS too, where the Hello's claim is checked
     * against the certificate only if this node can read it (a Hello of another version may be
     * laid out otherwise, and was once an internal failure: no refusal, an ERROR and a stack
     * trace for every attempt).
     */
    @Test
    void aHelloOfAnotherProtocolVersionIsRefusedSayingWhy() throws Exception {
        int other = RawPeer.PROTOCOL_VERSION + 1;
        try (LogCapture log = LogCapture.start(); RawPeer p = RawPeer.connect(target, mode)) {
            p.readRegistration();
            p.sendHelloOfVersion(other, RawPeer.fakeAddress());
            assertThat(p.readAnswer()).as("the node's answer").isEqualTo(RawPeer.REFUSED);
            assertThat(p.refusal().reason()).as("the refusal's reason").contains("protocol version " + other);
            assertThat(p.awaitClosed(QUICK)).as("time to close").isLessThan(QUICK);
            // the refusing node says so too: its operator, not only the other node's, learns of the mismatch
            Timeouts.await(() -> log.lines().stream().anyMatch(l -> l.contains("WARN") && l.contains("refused a connection")
                    && l.contains("protocol version " + other)), "the refusal logged at WARN by the refusing node");
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A peer that says Hello and never sends its Proof is closed by the handshake timeout. */
    @Test
    void aPeerThatNeverSendsItsProofIsClosedByTheHandshakeTimeout() throws Exception {
        Duration within = HANDSHAKE_TIMEOUT.plus(TIMEOUT_SLACK);
        Heap.Report heap = Heap.around("no proof", () -> {
            try (RawPeer p = RawPeer.connect(target, mode)) {
                p.readRegistration();
                p.sendHello(RawPeer.fakeAddress(), false);
                p.readChallenge();
                assertThat(p.awaitClosed(within)).as("time to close").isLessThan(within);
            }
        });
        bystander.assertServed(Bystander.MESSAGES);
        heap.assertRetainedBelow(RETAINED_BOUND);
    }

    /**
     * A legitimate client's handshake (Hello and Proof) and data, recorded and replayed on a new
     * connection, is refused: the node's nonce is new, so the old Proof no longer matches (under
     * TLS, the new TLS handshake's keys already refuse the old records); the recorded data is
     * never delivered a second time.
     */
    @Test
    void aReplayedHandshakeIsRefused() throws Exception {
        byte[] recorded;
        try (RawPeer legitimate = AttackedNode.authenticatedPeer(cluster)) {
            legitimate.sendItems(intrusion("recorded"));
            legitimate.sync();
            recorded = legitimate.recording();
        }
        bystander.expectForeign("recorded"); // delivered once, by the legitimate session
        Heap.Report heap = Heap.around("replayed handshake", () -> {
            if (mode != WireMode.TLS) { // under TLS the recording is TLS records: only the blind replay below applies
                replayStepByStep(recorded);
            }
            try (RawPeer blind = RawPeer.connect(target, mode)) { // everything at once, as recorded
                blind.sendHostile(recorded);
                assertThat(blind.awaitClosed(QUICK)).isLessThan(QUICK);
            }
        });
        bystander.assertServed(Bystander.MESSAGES); // "recorded" arrived once only
        heap.assertRetainedBelow(RETAINED_BOUND);
    }

    /** Replays a recorded Hello, Extensions and Proof in turn with the node's new Challenge, then the recorded data. */
    private void replayStepByStep(byte[] recorded) throws IOException {
        List<byte[]> frames = splitFrames(recorded);
        byte[] hello = frames.get(0);
        byte[] extensions = frames.get(1);
        byte[] proof = frames.get(2);
        byte[] data = frames.get(3);
        assertThat(hello[4]).isEqualTo((byte) RawPeer.HANDSHAKE);
        assertThat(extensions[5]).isEqualTo((byte) RawPeer.EXTENSIONS);
        assertThat(proof[5]).isEqualTo((byte) RawPeer.PROOF);
        assertThat(data[4]).isEqualTo((byte) RawPeer.DATA);
        try (RawPeer replay = RawPeer.connect(target, mode)) { // in turn: Hello, the node's new Challenge, the old Proof
            replay.readRegistration();
            replay.sendRaw(hello);
            RawPeer.Challenge fresh = replay.readChallenge();
            replay.sendRaw(extensions);
            replay.sendRaw(proof);
            assertThat(replay.readAnswer()).as("the node's answer to a replayed Proof (nonce %s)",
                    java.util.HexFormat.of().formatHex(fresh.nonce())).isEqualTo(RawPeer.REFUSED);
            replay.sendHostile(data);
            assertThat(replay.awaitClosed(QUICK)).isLessThan(QUICK);
        }
    }

    /** Cuts a recorded byte stream into its frames, length prefixes included. */
    private static List<byte[]> splitFrames(byte[] stream) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(stream);
        while (b.hasRemaining()) {
            int length = b.getInt(b.position());
            if (length < 1 || length + 4 > b.remaining()) {
                throw new IOException("bad recording at " + b.position());
            }
            byte[] frame = new byte[4 + length];
            b.get(frame);
            frames.add(frame);
        }
        return frames;
    }
}
