package io.threadwire.distributed.internal.security;

import static io.threadwire.distributed.internal.wire.Protocol.*;

import io.threadwire.distributed.internal.logging.PeerText;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.serialize.AdmittedTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake of one connection (the exchange and its keys are in {@code Protocol}): runs on
 * the connection's reader thread, one message at a time, and checks that each message comes in
 * its turn. The dialing node proves the secret first; the accepting node sends nothing that
 * depends on the secret before that proof checks out, so a client without the secret learns
 * nothing to test guesses against. On success the connection is
 * {@linkplain HandshakeChannel#established established}; a peer that fails authentication is
 * refused, logged (at most once every ten seconds) with its socket address, and none of its
 * other frames is ever decoded.
 */
public final class Handshake {
    /** The log of handshakes; its WARNs go through each node's {@link Warnings}. */
    static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

    /**
     * A node's WARNs about handshakes, each kind logged at most once every ten seconds: a proof
     * refused, a peer that failed this node, and a connection closed before its handshake ended
     * for breaking the protocol or speaking another one (anyone can open connections: one line
     * each would let a peer without the secret fill the log as fast as it connects).
     */
    public record Warnings(RateLimitedWarning refusedProof, RateLimitedWarning failedPeer,
                           RateLimitedWarning brokenHandshake) {
        public Warnings() {
            this(new RateLimitedWarning(LOG), new RateLimitedWarning(LOG), new RateLimitedWarning(LOG));
        }
    }

    private enum Step { START, HELLO_SENT, CHALLENGE_SENT, PROOF_SENT, DONE }

    private final LocalIdentity me;
    private final HandshakeChannel channel;
    private final boolean dialing;
    private final Transcript transcript = new Transcript();
    private final KeySchedule keys;
    private final HandshakeExtensions theirExtensions = new HandshakeExtensions();
    private Step step = Step.START;
    private Ephemeral ephemeral;
    private boolean encrypt;
    private volatile PeerIdentity remote; // as the peer names itself; read by log lines on other threads

    public Handshake(LocalIdentity me, HandshakeChannel channel, boolean dialing) {
        this.me = me;
        this.channel = channel;
        this.dialing = dialing;
        this.keys = me.authenticator().schedule();
    }

    /** Who the peer says it is, or null before it said. */
    public PeerIdentity remote() {
        return remote;
    }

    /** Dialing side, first message. */
    public void sendHello() {
        ephemeral = new Ephemeral();
        send(new Wire.Hello(VERSION, MECHANISM_SECRET_X25519, me.address(), me.incarnation(), me.name(), flags(),
                Authenticator.nonce(), ephemeral.publicKey(), protection(me.encrypt())));
        step = Step.HELLO_SENT;
    }

    /** Handles one handshake message from the peer, {@code raw} its bytes as received. */
    public void onMessage(Wire.Handshake message, byte[] raw) {
        switch (message) {
            case Wire.Hello h when !dialing && step == Step.START -> onHello(h, raw);
            case Wire.Challenge c when dialing && step == Step.HELLO_SENT -> onChallenge(c, raw);
            case Wire.Extensions e when !dialing && step == Step.CHALLENGE_SENT && !theirExtensions.complete() -> {
                transcript.add(raw);
                theirExtensions.add(e);
            }
            case Wire.Extensions e when dialing && step == Step.PROOF_SENT && !theirExtensions.complete() -> {
                transcript.add(raw);
                theirExtensions.add(e);
            }
            case Wire.Proof p when !dialing && step == Step.CHALLENGE_SENT && theirExtensions.complete() -> onProof(p, raw);
            case Wire.Welcome w when dialing && step == Step.PROOF_SENT && theirExtensions.complete() -> onWelcome(w, raw);
            case Wire.Refused r when dialing && step != Step.DONE -> onRefused(r);
            default -> throw new ProtocolException("unexpected handshake message " + message.getClass().getSimpleName()
                    + " at step " + step);
        }
    }

    // ---- accepting side ------------------------------------------------------------------------

    private void onHello(Wire.Hello h, byte[] raw) {
        transcript.add(raw);
        if (h.version() != VERSION) {
            refuseIncompatible("protocol version " + h.version() + " is not " + VERSION);
            return;
        }
        if ((h.mechanisms() & MECHANISM_SECRET_X25519) == 0) {
            refuseIncompatible("no common authentication mechanism (this node offers " + MECHANISM_SECRET_X25519 + ")");
            return;
        }
        remote = new PeerIdentity(h.address(), h.incarnation(), h.name(), (h.flags() & FLAG_HIDDEN) != 0, null);
        encrypt = h.protection() == PROTECTION_ENCRYPTED || me.encrypt(); // the stricter side wins
        ephemeral = new Ephemeral();
        byte[] dh = ephemeral.agree(h.ephemeralKey());
        send(new Wire.Challenge(VERSION, MECHANISM_SECRET_X25519, me.address(), me.incarnation(), me.name(), flags(),
                Authenticator.nonce(), ephemeral.publicKey(), protection(encrypt)));
        keys.agreed(dh, transcript.hash());
        step = Step.CHALLENGE_SENT;
    }

    private void onProof(Wire.Proof p, byte[] raw) {
        if (!keys.acceptClientProof(p.macs(), transcript.hash())) {
            me.warnings().refusedProof().warn("refused a connection from {} (claiming to be node {}): authentication failed, wrong or"
                    + " missing secret", channel.socketAddress(), remote.address());
            refuseUnproved("authentication failed");
            return;
        }
        transcript.add(raw);
        byte[] theirs = AesGcmFrames.openOnce(keys.extensionKey(true), theirExtensions.sealed());
        remote = remote.withTypes(sameAsOurs(HandshakeExtensions.admittedTypes(theirs)));
        HandshakeChannel.Verdict verdict = channel.mayAccept(remote);
        if (!verdict.accepted()) {
            byte[] body = HandshakeCodec.refusalBody(verdict.refusal(), verdict.reason());
            byte[] mac = keys.refusalMac(transcript.hash(), body);
            step = Step.DONE;
            channel.sendHandshake(HandshakeCodec.encode(new Wire.Refused(verdict.refusal(), verdict.reason(), mac)));
            channel.close(verdict.reason());
            return;
        }
        sendExtensions(false);
        step = Step.DONE;
        byte[] welcome = HandshakeCodec.encode(new Wire.Welcome(keys.serverProof(transcript.hash())));
        transcript.add(welcome);
        FrameCipher cipher = keys.frames(transcript.hash(), false, encrypt);
        channel.authenticated(); // before Welcome: the peer may send data as soon as it reads it
        channel.sendHandshake(welcome);
        channel.established(remote, cipher);
    }

    // ---- dialing side ------------------------------------------------------------------------

    private void onChallenge(Wire.Challenge c, byte[] raw) {
        if (c.version() != VERSION) {
            channel.close("the peer speaks protocol version " + c.version() + ", this node " + VERSION);
            return;
        }
        if (c.mechanism() != MECHANISM_SECRET_X25519) {
            throw new ProtocolException("the peer chose mechanism " + c.mechanism() + ", which this node did not offer");
        }
        boolean agreed = c.protection() == PROTECTION_ENCRYPTED || me.encrypt();
        if (c.protection() != protection(agreed)) {
            throw new ProtocolException("the peer chose plaintext frames though this node asked to encrypt");
        }
        transcript.add(raw);
        encrypt = agreed;
        keys.agreed(ephemeral.agree(c.ephemeralKey()), transcript.hash());
        remote = new PeerIdentity(c.address(), c.incarnation(), c.name(), (c.flags() & FLAG_HIDDEN) != 0, null);
        String stop = channel.reasonToStop(remote);
        if (stop != null) {
            channel.close("not continuing the handshake with " + remote.address() + ": " + stop);
            return;
        }
        sendExtensions(true);
        step = Step.PROOF_SENT;
        send(new Wire.Proof(keys.clientProofs(transcript.hash())));
    }

    /**
     * The peer's admitted types, as this node's own instance when they are the same: every send
     * to the peer asks whether they differ (then it encodes again for the peer), and with this
     * that question costs a comparison of references rather than of every registered class.
     */
    private AdmittedTypes sameAsOurs(AdmittedTypes theirs) {
        return theirs != null && theirs.equals(me.types()) ? me.types() : theirs;
    }

    private void onWelcome(Wire.Welcome w, byte[] raw) {
        if (!keys.acceptServerProof(w.mac(), transcript.hash())) {
            me.warnings().failedPeer().warn("closed the connection to {} (node {}): it does not prove this cluster's secret",
                    channel.socketAddress(), remote.address());
            channel.close("the peer failed authentication");
            return;
        }
        transcript.add(raw);
        byte[] theirs = AesGcmFrames.openOnce(keys.extensionKey(false), theirExtensions.sealed());
        remote = remote.withTypes(sameAsOurs(HandshakeExtensions.admittedTypes(theirs)));
        step = Step.DONE;
        channel.established(remote, keys.frames(transcript.hash(), true, encrypt));
    }

    private void onRefused(Wire.Refused r) {
        byte[] body = HandshakeCodec.refusalBody(r.code(), r.reason());
        boolean authentic = step == Step.PROOF_SENT && keys.refusalAuthentic(r.mac(), transcript.hash(), body);
        step = Step.DONE;
        if (authentic && r.code() == REFUSED_DUPLICATE) {
            channel.refusedAsDuplicate();
        } else {
            me.warnings().failedPeer().warn("node at {} refused this node{}: {}", channel.socketAddress(),
                    authentic ? "" : " (unauthenticated)", PeerText.safe(r.reason()));
            channel.close("refused by the peer: " + PeerText.safe(r.reason()));
        }
    }

    // ---- both ----------------------------------------------------------------------------------------

    private void sendExtensions(boolean fromClient) {
        byte[] sealed = AesGcmFrames.sealOnce(keys.extensionKey(fromClient), HandshakeExtensions.encode(me.types()));
        for (Wire.Extensions piece : HandshakeExtensions.pieces(sealed)) {
            send(piece);
        }
    }

    private void send(Wire.Handshake message) {
        byte[] bytes = HandshakeCodec.encode(message);
        transcript.add(bytes);
        channel.sendHandshake(bytes);
    }

    /**
     * A dialer this node cannot talk to at all (another protocol version, no common mechanism):
     * refused, and logged here as well as by the dialer, so that a node of another release is
     * seen on both sides (rate-limited: anyone can send a Hello).
     */
    private void refuseIncompatible(String reason) {
        me.warnings().brokenHandshake().warn("refused a connection from {}: {}", channel.socketAddress(), reason);
        refuseUnproved(reason);
    }

    /** A refusal before the dialer proved anything: it cannot be authenticated. */
    private void refuseUnproved(String reason) {
        step = Step.DONE;
        channel.sendHandshake(HandshakeCodec.encode(new Wire.Refused(REFUSED_DENIED, reason, new byte[0])));
        channel.close(reason);
    }

    private int flags() {
        return me.hidden() ? FLAG_HIDDEN : 0;
    }

    private static int protection(boolean encrypt) {
        return encrypt ? PROTECTION_ENCRYPTED : PROTECTION_PLAINTEXT;
    }
}
