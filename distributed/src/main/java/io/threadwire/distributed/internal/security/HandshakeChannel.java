package io.threadwire.distributed.internal.security;

import io.threadwire.core.NodeAddress;

/**
 * What a {@link Handshake} needs of the connection it runs on, and the two questions it asks of
 * the node about it. Called on the connection's reader thread, one message at a time.
 */
public interface HandshakeChannel {

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

    /** The handshake succeeded: the connection is up, with {@code cipher} (null: in clear). */
    void established(NodeAddress remote, long remoteIncarnation, FrameCipher cipher);

    /**
     * Dialing side, once the peer proved it holds the secret: whether to go on (false when it
     * is this node itself, or a connection to it is up already).
     */
    boolean mayContinue(NodeAddress remote, long remoteIncarnation);

    /**
     * Accepting side, once the dialer proved it holds the secret: whether to take the
     * connection (false: refused as a duplicate, see the tie-break in {@code Protocol}).
     */
    boolean mayAccept(NodeAddress remote, long remoteIncarnation);
}
