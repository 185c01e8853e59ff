package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.wire.Protocol;

/**
 * What a {@link Handshake} needs of the connection it runs on, and the two questions it asks of
 * the node about it. Called on the connection's reader thread, one message at a time.
 */
public interface HandshakeChannel {

    /** The node's answer to a dialer that proved it holds the secret. */
    record Verdict(int refusal, String reason) {
        /** Take the connection. */
        public static final Verdict ACCEPT = new Verdict(0, "");

        /** Refuse it as a duplicate: the other connection between the two nodes is used. */
        public static Verdict duplicate(String reason) {
            return new Verdict(Protocol.REFUSED_DUPLICATE, reason);
        }

        /** Refuse it. */
        public static Verdict denied(String reason) {
            return new Verdict(Protocol.REFUSED_DENIED, reason);
        }

        public boolean accepted() {
            return refusal == 0;
        }
    }

    /** Sends one handshake message. */
    void sendHandshake(byte[] body);

    /** Closes the connection; nothing more is read or sent. */
    void close(String reason);

    /** The peer's socket address, for logs about peers that have not authenticated. */
    String socketAddress();

    /**
     * Dialing side: the peer refused this connection as a duplicate (the tie-break in
     * {@code Protocol}): close it, the connection the other node dialed is used.
     */
    void refusedAsDuplicate();

    /** The peer proved it holds the secret: its data frames may be read from now on. */
    void authenticated();

    /** The handshake succeeded: the connection is up, its data frames protected by {@code cipher}. */
    void established(PeerIdentity remote, FrameCipher cipher);

    /**
     * Dialing side, at the peer's Challenge: null to go on and prove the secret, else why not
     * (the peer is this node itself, is not the node that was dialed, or a connection to it is up
     * already). The claim is proved only by the end of the handshake, whose MACs cover it.
     */
    String reasonToStop(PeerIdentity remote);

    /**
     * Accepting side, once the dialer proved it holds the secret: whether to take the
     * connection (see the tie-break and the identity rules in {@code Protocol}). May wait,
     * within the handshake timeout, while the node checks a connection it has with that node.
     */
    Verdict mayAccept(PeerIdentity remote);
}
