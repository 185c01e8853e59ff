package io.threadwire.distributed.internal;

import io.threadwire.core.NodeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake of one channel (the exchange is described in {@link Wire}): runs on the
 * channel's reader thread, one message at a time, and checks that each message comes in its
 * turn. On success the channel is handed to its peer ({@link Channel#established}); a peer that
 * fails authentication is refused, logged with its socket address, and none of its frames is
 * ever decoded.
 */
final class Handshake {
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

    private enum Step { START, HELLO_SENT, CHALLENGE_SENT, PROOF_SENT, DONE }

    private final NodeRuntime node;
    private final Channel channel;
    private final Channel.Role role;
    private Step step = Step.START;
    private byte[] hello;       // the Hello as sent or received
    private byte[] challenge;   // the Challenge as sent or received, MAC included
    private byte[] clientNonce;
    private byte[] serverNonce;
    private boolean encrypt;
    private volatile NodeAddress remoteAddress;
    private volatile long remoteIncarnation;

    Handshake(NodeRuntime node, Channel channel, Channel.Role role) {
        this.node = node;
        this.channel = channel;
        this.role = role;
    }

    NodeAddress remoteAddress() {
        return remoteAddress;
    }

    long remoteIncarnation() {
        return remoteIncarnation;
    }

    /** Whether a raw handshake body is a Welcome (peeked at by the network thread). */
    boolean isWelcome(byte[] body) {
        return role == Channel.Role.DIALED && body.length == 1 && body[0] == 4;
    }

    /** Dialing side, first message. */
    void sendHello() {
        clientNonce = Authenticator.nonce();
        hello = WireFormat.encode(new Wire.Hello(WireFormat.PROTOCOL_VERSION, node.address(), node.incarnation(),
                clientNonce, node.settings().encrypt()));
        step = Step.HELLO_SENT;
        channel.sendHandshake(hello);
    }

    void onMessage(Wire.Handshake message) {
        switch (message) {
            case Wire.Hello h when role == Channel.Role.ACCEPTED && step == Step.START -> onHello(h);
            case Wire.Challenge c when role == Channel.Role.DIALED && step == Step.HELLO_SENT -> onChallenge(c);
            case Wire.Proof p when role == Channel.Role.ACCEPTED && step == Step.CHALLENGE_SENT -> onProof(p);
            case Wire.Welcome w when role == Channel.Role.DIALED && step == Step.PROOF_SENT -> onWelcome();
            case Wire.Refused r when role == Channel.Role.DIALED && step != Step.DONE -> onRefused(r);
            default -> throw new ProtocolException("unexpected handshake message " + message.getClass().getSimpleName()
                    + " at step " + step);
        }
    }

    private void onHello(Wire.Hello h) {
        hello = WireFormat.encode(h);
        if (h.version() != WireFormat.PROTOCOL_VERSION) {
            refuse(Wire.Refused.REFUSED, "protocol version " + h.version() + " is not " + WireFormat.PROTOCOL_VERSION);
            return;
        }
        remoteAddress = h.address();
        remoteIncarnation = h.incarnation();
        clientNonce = h.nonce();
        serverNonce = Authenticator.nonce();
        encrypt = h.encrypt() || node.settings().encrypt(); // the stricter side wins
        Wire.Challenge unsigned = new Wire.Challenge(WireFormat.PROTOCOL_VERSION, node.address(), node.incarnation(),
                serverNonce, encrypt, new byte[0]);
        byte[] mac = node.authenticator().serverProof(hello, WireFormat.challengeBody(unsigned));
        challenge = WireFormat.encode(new Wire.Challenge(unsigned.version(), unsigned.address(), unsigned.incarnation(),
                serverNonce, encrypt, mac));
        step = Step.CHALLENGE_SENT;
        channel.sendHandshake(challenge);
    }

    private void onChallenge(Wire.Challenge c) {
        if (c.version() != WireFormat.PROTOCOL_VERSION) {
            channel.close("the peer speaks protocol version " + c.version());
            return;
        }
        byte[] expected = node.authenticator().serverProof(hello, WireFormat.challengeBody(c));
        if (!Authenticator.matches(expected, c.mac())) {
            LOG.warn("refused node {} at {}: it does not hold this cluster's secret", c.address(), channel.socketAddress());
            channel.close("the peer failed authentication");
            return;
        }
        challenge = WireFormat.encode(c);
        serverNonce = c.nonce();
        encrypt = c.encrypt() || node.settings().encrypt();
        remoteAddress = c.address();
        remoteIncarnation = c.incarnation();
        if (!node.shouldContinue(channel, c.address(), c.incarnation())) {
            channel.close("already connected to " + c.address());
            return;
        }
        step = Step.PROOF_SENT;
        channel.sendHandshake(WireFormat.encode(new Wire.Proof(node.authenticator().clientProof(hello, challenge))));
    }

    private void onProof(Wire.Proof p) {
        byte[] expected = node.authenticator().clientProof(hello, challenge);
        if (!Authenticator.matches(expected, p.mac())) {
            LOG.warn("refused a connection from {} (claiming to be node {}): authentication failed, wrong or missing secret",
                    channel.socketAddress(), remoteAddress);
            refuse(Wire.Refused.REFUSED, "authentication failed");
            return;
        }
        if (!node.acceptInbound(channel)) {
            refuse(Wire.Refused.DUPLICATE, "a connection between these nodes exists");
            return;
        }
        step = Step.DONE;
        FrameCipher cipher = encrypt ? node.authenticator().frameKeys(clientNonce, serverNonce, false) : null;
        channel.authenticated(); // before Welcome: the peer may send data as soon as it reads it
        channel.sendHandshake(WireFormat.encode(new Wire.Welcome()));
        channel.established(cipher);
    }

    private void onWelcome() {
        step = Step.DONE;
        FrameCipher cipher = encrypt ? node.authenticator().frameKeys(clientNonce, serverNonce, true) : null;
        channel.established(cipher);
    }

    private void onRefused(Wire.Refused r) {
        if (r.code() == Wire.Refused.DUPLICATE) {
            channel.close("duplicate: the other node's connection is used");
        } else {
            LOG.warn("node at {} refused this node: {}", channel.socketAddress(), r.reason());
            channel.close("refused by the peer: " + r.reason());
        }
    }

    private void refuse(int code, String reason) {
        step = Step.DONE;
        channel.sendHandshake(WireFormat.encode(new Wire.Refused(code, reason)));
        channel.close(reason);
    }
}
