package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.WireProtection;
import io.threadwire.testkit.Timeouts;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Scenario: a man in the middle between two nodes of the cluster lets their handshake finish
 * and then works on what follows: injects a data frame of its own, drops every data frame and
 * sends KeepAlives in their place, or records everything to open later with the secret. With
 * the default configuration none of it works: an injected frame closes the connection (its
 * items never reach a thread), KeepAlives are no sign of life (the silent connection times out
 * and monitors fire), and a recording does not open with the secret. The legitimate traffic
 * resumes on a new connection. In {@link WireProtection#PLAINTEXT_UNSAFE} an injected frame is
 * delivered: the mode's name says so.
 */
class HostileOnPathTest {
    private static final Duration HEARTBEAT = Timeouts.scaled(Duration.ofMillis(200));
    private static final Duration HEARTBEAT_TIMEOUT = HEARTBEAT.multipliedBy(8);

    private static byte[] injectedFrame(String text) {
        return RawPeer.frame(RawPeer.DATA, RawPeer.items(RawPeer.sendByName(Bystander.SINK,
                Payloads.string(text.length(), text))));
    }

    /**
     * By default a data frame injected after the handshake fails authentication: the connection
     * closes (monitors fire {@code noconnection}, watchers hear {@link NodeDown}), its item never
     * reaches the sink, and traffic resumes on a new connection. (Before frames were sealed by
     * default, the injected message was delivered.)
     */
    @Test
    void anInjectedFrameIsRefusedByDefault() throws Exception {
        try (ProxiedPair pair = new ProxiedPair(null)) {
            Bystander bystander = new Bystander(pair.legit, pair.attacked);
            pair.proxy.injectBeforeNextFrame(injectedFrame("injected"));
            bystander.startUnreportedBurst(1_000);
            List<Object> losses = bystander.awaitLoss();
            assertThat(pair.proxy.injected()).isEqualTo(1);
            assertThat(losses).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Down.class,
                    d -> assertThat(d.reason()).isEqualTo(ExitReason.NOCONNECTION)));
            bystander.assertServed(Bystander.MESSAGES); // "injected" never reached the sink
        }
    }

    /** Between nodes that both chose plaintext, an injected frame is delivered as if the peer had sent it. */
    @Test
    void inPlaintextAnInjectedFrameIsDelivered() throws Exception {
        try (ProxiedPair pair = new ProxiedPair(WireProtection.PLAINTEXT_UNSAFE)) {
            Bystander bystander = new Bystander(pair.legit, pair.attacked);
            pair.proxy.injectBeforeNextFrame(injectedFrame("injected in clear"));
            Bystander.Report report = bystander.burst(1_000);
            assertThat(report.received()).as("the burst the frame was slipped into").isEqualTo(1_000);
            assertThat(report.foreign()).containsExactly("injected in clear");
            bystander.awaitForeign("injected in clear");
            bystander.assertServed(Bystander.MESSAGES);
        }
    }

    /**
     * Every data frame of the legitimate node dropped and a KeepAlive sent in its place: the
     * attacked node hears nothing authenticated and closes the connection at its heartbeat
     * timeout; the legitimate node's monitors fire. (Before, each KeepAlive counted as a sign of
     * life, and the connection stayed up with nothing getting through.)
     */
    @Test
    void keepAlivesAreNoSignOfLife() throws Exception {
        try (ProxiedPair pair = new ProxiedPair(null, b -> b.heartbeatInterval(HEARTBEAT).heartbeatTimeout(HEARTBEAT_TIMEOUT))) {
            Bystander bystander = new Bystander(pair.legit, pair.attacked);
            pair.proxy.replaceDataWithKeepAlives();
            List<Object> losses = bystander.awaitLoss();
            assertThat(pair.proxy.replaced()).as("data frames replaced by KeepAlives").isPositive();
            assertThat(losses).anySatisfy(m -> assertThat(m).isInstanceOf(NodeDown.class));
            pair.proxy.forwardData();
            bystander.assertServed(Bystander.MESSAGES);
        }
    }

    /**
     * A recorded encrypted session, the secret, and every public value of its handshake (nonces,
     * ephemeral public keys, the whole transcript) do not open its frames: the keys also come
     * from the ephemeral X25519 secret, which never crossed the wire. (Before, keys came from the
     * secret and the nonces alone.)
     */
    @Test
    void aRecordedSessionDoesNotOpenWithTheSecret() throws Exception {
        try (ProxiedPair pair = new ProxiedPair(null)) {
            Bystander bystander = new Bystander(pair.legit, pair.attacked);
            bystander.assertServed(1_000);
            List<byte[]> up = frames(pair.proxy.dialerBytes());
            List<byte[]> down = frames(pair.proxy.dialedBytes());
            byte[] hello = body(up.get(0));
            byte[] challenge = body(down.stream().filter(f -> f[4] == RawPeer.HANDSHAKE).findFirst().orElseThrow());
            byte[] firstData = up.stream().filter(f -> f[4] == RawPeer.DATA).findFirst().map(HostileOnPathTest::body)
                    .orElseThrow();
            byte[] nonceA = introductionPart(hello, 0);
            byte[] keyA = introductionPart(hello, 32);
            byte[] nonceB = introductionPart(challenge, 0);
            byte[] keyB = introductionPart(challenge, 32);
            List<byte[]> handshake = new ArrayList<>();
            for (byte[] f : interleavedHandshake(up, down)) {
                handshake.add(body(f));
            }
            RawHandshake transcript = new RawHandshake();
            transcript.add(handshake.get(0));
            transcript.add(handshake.get(1));
            byte[] afterChallenge = transcript.hash();
            for (int i = 2; i < handshake.size(); i++) {
                transcript.add(handshake.get(i));
            }
            byte[] whole = transcript.hash();
            List<byte[]> candidates = new ArrayList<>();
            byte[] salt = concat(nonceA, nonceB);
            for (String label : new String[] {"threadwire frames client to server", "threadwire 3 frames client to server"}) {
                candidates.add(RawHandshake.expand(RawHandshake.hmac(salt, pair.secret), label, new byte[0]));
                for (byte[] stand : new byte[][] {keyA, keyB, concat(keyA, keyB), new byte[32], new byte[0]}) {
                    byte[] prk = RawHandshake.hmac(afterChallenge, stand, pair.secret);
                    candidates.add(RawHandshake.expand(prk, label, whole));
                    candidates.add(RawHandshake.expand(prk, label, new byte[0]));
                }
            }
            for (byte[] key : candidates) {
                assertThat(opens(key, firstData, null)).as("a key from the secret and public values opens the frame").isFalse();
                assertThat(opens(key, firstData, new byte[] {RawPeer.DATA})).isFalse();
            }
            bystander.assertServed(Bystander.MESSAGES);
        }
    }

    /** The dialer's and the dialed node's handshake frames in the order they were sent (Hello, Challenge, the rest). */
    private static List<byte[]> interleavedHandshake(List<byte[]> up, List<byte[]> down) {
        List<byte[]> fromDialer = up.stream().filter(f -> f[4] == RawPeer.HANDSHAKE).toList();
        List<byte[]> fromDialed = down.stream().filter(f -> f[4] == RawPeer.HANDSHAKE).toList();
        List<byte[]> all = new ArrayList<>();
        all.add(fromDialer.get(0));                         // Hello
        all.add(fromDialed.get(0));                         // Challenge
        all.addAll(fromDialer.subList(1, fromDialer.size())); // Extensions, Proof
        all.addAll(fromDialed.subList(1, fromDialed.size())); // Extensions, Welcome
        return all;
    }

    /** The nonce (at 0) or the ephemeral key (at 32) of a Hello or Challenge: the 65 bytes before its last one. */
    private static byte[] introductionPart(byte[] message, int at) {
        int start = message.length - 1 - 64 + at;
        return java.util.Arrays.copyOfRange(message, start, start + 32);
    }

    private static boolean opens(byte[] key, byte[] sealed, byte[] aad) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
            if (aad != null) {
                gcm.updateAAD(aad);
            }
            gcm.doFinal(sealed);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<byte[]> frames(byte[] stream) {
        List<byte[]> frames = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(stream);
        while (b.remaining() >= 4) {
            int length = b.getInt(b.position());
            if (length < 1 || length + 4 > b.remaining()) {
                break; // the recording ends mid-frame
            }
            byte[] frame = new byte[4 + length];
            b.get(frame);
            frames.add(frame);
        }
        return frames;
    }

    private static byte[] body(byte[] frame) {
        return java.util.Arrays.copyOfRange(frame, 5, frame.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
