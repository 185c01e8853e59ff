package io.threadwire.distributed.internal.link;

import io.threadwire.core.NodeAddress;
import java.io.IOException;

/** How a {@link PeerLink} has a connection opened: the node dials, the channel's handshake then runs. */
public interface Dialer {

    /**
     * Opens a TCP connection to {@code address} and starts its handshake, waiting at most until
     * {@code deadline} for the TCP connect.
     *
     * @throws IOException if the connection cannot be opened (or the link is cut)
     */
    Channel dial(NodeAddress address, long deadline) throws IOException;

    /**
     * Called before each dial: if a connection from {@code address} that this node accepted is
     * in its handshake, waits (until {@code deadline} at most) until it is up or has closed, and
     * says whether a connection to that node is up at the end (then there is nothing to dial).
     * A node never dials a node whose connection it has accepted and not yet settled, as Erlang's
     * net_kernel waits on a pending connection: the other node decided the tie-break when it
     * dialed, and a second connection would come up beside it and replace it, losing what was
     * in flight on it.
     */
    default boolean awaitAccepted(NodeAddress address, long deadline) throws InterruptedException {
        return false;
    }
}
