package io.threadwire.distributed.internal.node;

import io.threadwire.core.ExitReason;
import io.threadwire.distributed.internal.link.PeerHost;
import io.threadwire.distributed.internal.wire.SignalItems;
import io.threadwire.distributed.internal.wire.Wire;

/** What this node gives each of its peer links: its incarnation, its link exits, its counters. */
final class NodePeerHost implements PeerHost {
    private final long incarnation;
    private final SignalItems signals;
    private final Counters counters;

    NodePeerHost(long incarnation, SignalItems signals, Counters counters) {
        this.incarnation = incarnation;
        this.signals = signals;
        this.counters = counters;
    }

    @Override
    public long incarnation() {
        return incarnation;
    }

    @Override
    public byte[] linkExit(Wire.ById from, long toId, ExitReason reason, boolean compactReason) {
        return signals.linkExit(from, toId, reason, compactReason);
    }

    @Override
    public void dropped(int messages) {
        counters.droppedInTransit(messages);
    }
}
