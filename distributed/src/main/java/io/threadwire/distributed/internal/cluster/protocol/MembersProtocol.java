package io.threadwire.distributed.internal.cluster.protocol;

import io.threadwire.core.NodeAddress;
import java.util.List;

/** Messages between the membership services of two nodes (see {@code package-info}). */
public sealed interface MembersProtocol {

    /** The members the sender is connected with, itself and the receiver left out: the receiver dials those it lacks. */
    record Hello(int protocol, List<NodeAddress> members) implements MembersProtocol {
    }
}
