package io.threadwire.distributed.internal.link;

import io.threadwire.core.NodeAddress;
import java.io.IOException;

/** How a {@link PeerLink} has a connection opened: the node dials, the channel's handshake then runs. */
@FunctionalInterface
public interface Dialer {

    /**
     * Opens a TCP connection to {@code address} and starts its handshake, waiting at most until
     * {@code deadline} for the TCP connect.
     *
     * @throws IOException if the connection cannot be opened (or the link is cut)
     */
    Channel dial(NodeAddress address, long deadline) throws IOException;
}
