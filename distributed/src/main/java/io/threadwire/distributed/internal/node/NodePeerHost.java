package io.threadwire.distributed.internal.node;

import io.threadwire.core.ExitReason;
import io.threadwire.distributed.internal.link.PeerHost;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.serialize.MessageCodec;

/** What this node gives each of its peer links: its incarnation, its codec for link exits, its counters. */
final class NodePeerHost implements PeerHost {
    private final long incarnation;
    private final MessageCodec codec;
    private final Counters counters;

    NodePeerHost(long incarnation, MessageCodec codec, Counters counters) {
        this.incarnation = incarnation;
        this.codec = codec;
        this.counters = counters;
    }

    @Override
    public long incarnation() {
        return incarnation;
    }

    @Override
    public byte[] linkExit(Wire.ById from, long toId, ExitReason reason) {
        return ItemCodec.linkExit(codec, from, toId, reason);
    }

    @Override
    public void dropped(int messages) {
        counters.droppedInTransit(messages);
    }
}
