package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.security.LocalIdentity;

/**
 * What every channel of a node shares: its settings, its identity, where its events and items
 * go, and the faults a test put on it.
 */
public record ChannelContext(Settings settings, LocalIdentity me, ChannelListener listener, ItemHandler items,
                             LinkFaults faults) {
}
