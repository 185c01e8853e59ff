package io.threadwire.distributed.spi;

/**
 * A fault a test puts on the link between a node and one peer ({@link NodeFaults#filter}): what
 * the node does with the frames it sends that peer and the frames it receives from it. Every
 * method has a pass-through default, so a filter states only the fault it injects; the node
 * consults the filter only while one is set on some link of it, so a node without faults pays
 * nothing for them.
 *
 * <p>Where each method is consulted:
 * <ul>
 *   <li>{@link #connects}: when a connection with the peer is dialed, accepted, or comes up
 *       (a partition, {@link #CUT});</li>
 *   <li>{@link #hears}, {@link #holdNanos}: on the network thread, as each frame from the peer
 *       arrives (a one-way cut, a delay);</li>
 *   <li>{@link #paceNanos}: on the connection's writer, before each frame to the peer leaves
 *       (a throttle).</li>
 * </ul>
 * Node-wide faults (freeze and thaw, crash) belong to {@link NodeFaults}.
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

    /**
     * Whether the frames the peer sends now reach this node. False: the frame arriving is lost,
     * unheard (it is no sign of life), and so is every later frame of the same connection, even
     * once this says true again: a byte stream that lost a frame cannot go on (its framing and
     * its cipher's frame counter would break, and a later message delivered after a lost one
     * would be a hole). Nothing closes that connection but the failure detector, after its
     * heartbeat timeout, on this node; the peer then sees it close. New connections work again
     * once this says true.
     */
    default boolean hears() {
        return true;
    }

    /**
     * How long a frame from the peer arriving now is held back before this node reads it, in
     * nanoseconds (0: not at all). Frames keep their order whatever this says: one is never
     * read before an earlier one. A held frame is a sign of life only once it is read.
     */
    default long holdNanos() {
        return 0;
    }

    /**
     * How long this node waits before it sends the peer a frame of {@code bytes} bytes, in
     * nanoseconds (0: at once). Called once per frame, in order, by the connection's writer,
     * which sends nothing else meanwhile: while it waits, messages queue up and, once the
     * connection's outbound buffer is full, senders wait for room, as on a slow network. A
     * filter that paces keeps its own account of what it let through.
     */
    default long paceNanos(int bytes) {
        return 0;
    }
}
