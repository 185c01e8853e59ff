package io.threadwire.distributed.spi;

import io.threadwire.core.NodeAddress;

/**
 * The fault hooks of one node, for the test kit ({@link Faults#of}).
 *
 * <p>Service-provider interface for the test kit: not for application code.
 */
public interface NodeFaults {

    /**
     * Puts {@code filter} on the link to {@code peer} ({@link LinkFilter#OPEN} removes any). If
     * the filter refuses connections, the one up now is closed and this returns once the node
     * has handled its loss (monitors fired, node watchers told), waiting at most the node's
     * connect timeout.
     */
    void filter(NodeAddress peer, LinkFilter filter);

    /** The filter on the link to {@code peer} ({@link LinkFilter#OPEN} if none). */
    LinkFilter filter(NodeAddress peer);
}
