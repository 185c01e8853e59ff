package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.ThreadRef;

/**
 * One peer's joins as this node knows them, for one incarnation of it: everything about them
 * comes from that peer, over one connection, in order. Owned by the groups service's thread.
 */
record PeerGroups(long incarnation, Joins<ThreadRef> joins) {
    PeerGroups(long incarnation) {
        this(incarnation, new Joins<>());
    }
}
