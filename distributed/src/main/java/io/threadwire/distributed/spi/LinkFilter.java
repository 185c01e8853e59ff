package io.threadwire.distributed.spi;

/**
 * A fault a test puts on the link between a node and one peer ({@link NodeFaults#filter}). The
 * node consults it wherever the link moves: today when a connection is made or kept; every
 * method has a pass-through default, so a filter states only the fault it injects.
 *
 * <p>Where later faults plug in (each as a default method here, consulted by the link's
 * channel): a one-way cut drops the frames the link sends; a delay holds them back in order; a
 * throttle paces them. Node-wide faults (freeze and thaw, crash, restart) belong to
 * {@link NodeFaults}.
 *
 * <p>Service-provider interface for the test kit: not for application code. Implementations
 * must be thread-safe and must not block: they run on network threads.
 */
public interface LinkFilter {

    /** No fault: the link behaves as the network does. */
    LinkFilter OPEN = new LinkFilter() {
        @Override
        public String toString() {
            return "open";
        }
    };

    /** A partition: no connection with the peer is made or kept, from either side of this node. */
    LinkFilter CUT = new LinkFilter() {
        @Override
        public boolean connects() {
            return false;
        }

        @Override
        public String toString() {
            return "cut";
        }
    };

    /** Whether a connection with the peer may be made or kept. */
    default boolean connects() {
        return true;
    }
}
