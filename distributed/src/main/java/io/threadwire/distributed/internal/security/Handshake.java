package io.threadwire.distributed.internal.security;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake of one connection (the exchange is in {@link Protocol}): runs on the
 * connection's reader thread, one message at a time, and checks that each message comes in its
 * turn. On success the connection is {@linkplain HandshakeChannel#established established}; a
 * peer that fails authentication is refused, logged with its socket address, and none of its
 * other frames is ever decoded.
 */
public final class Handshake {
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

    private enum Step { START, HELLO_SENT, CHALLENGE_SENT, PROOF_SENT, DONE }

    private final LocalIdentity me;
    private final HandshakeChannel channel;
    private final boolean dialing;
    private Step step = Step.START;
    private byte[] hello;       // the Hello as sent or received
    private byte[] challenge;   // the Challenge as sent or received, MAC included
    private byte[] clientNonce;
    private byte[] serverNonce;
    private boolean encrypt;
    private volatile NodeAddress remoteAddress; // as the peer names itself; read by log lines on other threads
    private long remoteIncarnation;

    public Handshake(LocalIdentity me, HandshakeChannel channel, boolean dialing) {
        this.me = me;
        this.channel = channel;
        this.dialing = dialing;
    }

    /** The address the peer gave in its handshake, or null before it did. */
    public NodeAddress remoteAddress() {
        return remoteAddress;
    }

    /** Dialing side, first message. */
    public void sendHello() {
        clientNonce = Authenticator.nonce();
        hello = HandshakeCodec.encode(new Wire.Hello(Protocol.VERSION, me.address(), me.incarnation(), clientNonce,
                me.encrypt()));
        step = Step.HELLO_SENT;
        channel.sendHandshake(hello);
    }

    /** Handles one handshake message from the peer. */
    public void onMessage(Wire.Handshake message) {
        switch (message) {
            case Wire.Hello h when !dialing && step == Step.START -> onHello(h);
            case Wire.Challenge c when dialing && step == Step.HELLO_SENT -> onChallenge(c);
            case Wire.Proof p when !dialing && step == Step.CHALLENGE_SENT -> onProof(p);
            case Wire.Welcome w when dialing && step == Step.PROOF_SENT -> onWelcome();
            case Wire.Refused r when dialing && step != Step.DONE -> onRefused(r);
            default -> throw new ProtocolException("unexpected handshake message " + message.getClass().getSimpleName()
                    + " at step " + step);
        }
    }

    private void onHello(Wire.Hello h) {
        hello = HandshakeCodec.encode(h);
        if (h.version() != Protocol.VERSION) {
            refuse(Protocol.REFUSED_DENIED, "protocol version " + h.version() + " is not " + Protocol.VERSION);
            return;
        }
        remoteAddress = h.address();
        remoteIncarnation = h.incarnation();
        clientNonce = h.nonce();
        serverNonce = Authenticator.nonce();
        encrypt = h.encrypt() || me.encrypt(); // the stricter side wins
        Wire.Challenge unsigned = new Wire.Challenge(Protocol.VERSION, me.address(), me.incarnation(), serverNonce,
                encrypt, new byte[0]);
        byte[] mac = me.authenticator().serverProof(hello, HandshakeCodec.challengeBody(unsigned));
        challenge = HandshakeCodec.encode(new Wire.Challenge(unsigned.version(), unsigned.address(),
                unsigned.incarnation(), serverNonce, encrypt, mac));
        step = Step.CHALLENGE_SENT;
        channel.sendHandshake(challenge);
    }

    private void onChallenge(Wire.Challenge c) {
        if (c.version() != Protocol.VERSION) {
            channel.close("the peer speaks protocol version " + c.version() + ", this node " + Protocol.VERSION);
            return;
        }
        byte[] expected = me.authenticator().serverProof(hello, HandshakeCodec.challengeBody(c));
        if (!Authenticator.matches(expected, c.mac())) {
            LOG.warn("refused node {} at {}: it does not hold this cluster's secret", c.address(), channel.socketAddress());
            channel.close("the peer failed authentication");
            return;
        }
        challenge = HandshakeCodec.encode(c);
        serverNonce = c.nonce();
        encrypt = c.encrypt() || me.encrypt();
        remoteAddress = c.address();
        remoteIncarnation = c.incarnation();
        if (!channel.mayContinue(c.address(), c.incarnation())) {
            channel.close("already connected to " + c.address());
            return;
        }
        step = Step.PROOF_SENT;
        channel.sendHandshake(HandshakeCodec.encode(new Wire.Proof(me.authenticator().clientProof(hello, challenge))));
    }

    private void onProof(Wire.Proof p) {
        byte[] expected = me.authenticator().clientProof(hello, challenge);
        if (!Authenticator.matches(expected, p.mac())) {
            LOG.warn("refused a connection from {} (claiming to be node {}): authentication failed, wrong or missing secret",
                    channel.socketAddress(), remoteAddress);
            refuse(Protocol.REFUSED_DENIED, "authentication failed");
            return;
        }
        if (!channel.mayAccept(remoteAddress, remoteIncarnation)) {
            refuse(Protocol.REFUSED_DUPLICATE, "a connection between these nodes exists");
            return;
        }
        step = Step.DONE;
        FrameCipher cipher = encrypt ? me.authenticator().frameKeys(clientNonce, serverNonce, false) : null;
        channel.authenticated(); // before Welcome: the peer may send data as soon as it reads it
        channel.sendHandshake(HandshakeCodec.encode(new Wire.Welcome()));
        channel.established(remoteAddress, remoteIncarnation, cipher);
    }

    private void onWelcome() {
        step = Step.DONE;
        FrameCipher cipher = encrypt ? me.authenticator().frameKeys(clientNonce, serverNonce, true) : null;
        channel.established(remoteAddress, remoteIncarnation, cipher);
    }

    private void onRefused(Wire.Refused r) {
        if (r.code() == Protocol.REFUSED_DUPLICATE) {
            channel.refusedAsDuplicate();
        } else {
            LOG.warn("node at {} refused this node: {}", channel.socketAddress(), r.reason());
            channel.close("refused by the peer: " + r.reason());
        }
    }

    private void refuse(int code, String reason) {
        step = Step.DONE;
        channel.sendHandshake(HandshakeCodec.encode(new Wire.Refused(code, reason)));
        channel.close(reason);
    }
}
