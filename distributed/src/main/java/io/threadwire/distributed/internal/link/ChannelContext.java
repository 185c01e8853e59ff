package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.security.LocalIdentity;
import io.threadwire.distributed.internal.security.tls.NodeTls;
import java.util.function.LongUnaryOperator;

/**
 * What every channel of a node shares: its settings, its identity, where its events and items
 * go, the node-wide bound on inbound memory, how much a message of n bytes may take once
 * decoded (the codec's bound, for reserving that memory before decoding), the faults a test
 * put on it, the arrays its fragments are cut into, and what it keeps for all peers (which its
 * outbound queues are charged past their limits); and its TLS, if it has any (else null).
 */
public record ChannelContext(Settings settings, LocalIdentity me, ChannelListener listener, ItemHandler items,
                             InboundMemory inbound, LongUnaryOperator decodedBound, LinkFaults faults,
                             FragmentPool fragments, PeerStateMemory allPeers, NodeTls tls) {
}
