package io.threadwire.distributed.internal.link;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.spi.LinkFilter;

/**
 * A test's faults as the channels of one node see them; the node implements it. A channel's
 * reader and writer pass the {@link #gate} before each step; its network side and its writer
 * look up the {@link #filterFor filter} on their link only while the gate says a link is
 * filtered, so a node without faults pays one volatile read per step.
 */
public interface LinkFaults {

    /** The node's gate: frozen, crashed, or filtered. */
    FaultGate gate();

    /**
     * The filter on the link to {@code peer} (an address as a handshake or a dial gave it);
     * {@link LinkFilter#OPEN} if none, or if {@code peer} is null (not known yet). Never blocks.
     */
    LinkFilter filterFor(NodeAddress peer);

}
