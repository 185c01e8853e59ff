package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.distributed.internal.wire.Wire;

/** What a {@link PeerLink} needs of its node: its incarnation, the items that carry a reason, and its counters. */
public interface PeerHost {

    /** This node's incarnation: the one its threads' ids belong to. */
    long incarnation();

    /**
     * A {@code LinkExit} item: thread {@code from} ended with {@code reason}, for the linked
     * thread {@code toId}; with the reason compact if {@code compactReason} (for a peer with a
     * backlog, see {@code SignalItems#compact}).
     */
    byte[] linkExit(Wire.ById from, long toId, ExitReason reason, boolean compactReason);

    /** {@code messages} application items kept for a connection that could not be made were dropped. */
    void dropped(int messages);
}
