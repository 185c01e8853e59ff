package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.security.LocalIdentity;

/** What every channel of a node shares: its settings, its identity, and where its events and items go. */
public record ChannelContext(Settings settings, LocalIdentity me, ChannelListener listener, ItemHandler items) {
}
