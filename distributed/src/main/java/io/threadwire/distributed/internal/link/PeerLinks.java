package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.function.Consumer;

/**
 * The links between threads of this node and threads of one other node, as the node reaches
 * them: what this node's threads do, and the link items the other node sends. Each call changes
 * the {@link LinkTable} under the lock of the peer's {@link PeerSlot}, and its items go out
 * through the slot in the order the table changed, so a link is made, removed or raised
 * entirely before or after a loss of the channel.
 *
 * <p>An item from the other node is handled on its channel's reader, which first waits for room
 * for the answer (a peer that asks without reading the answers is slowed down, not buffered
 * for), and only while that channel is still the one in use.
 */
public final class PeerLinks {
    private final PeerSlot<Channel, ?> slot;
    private final LinkTable table;
    private final LinkTable.Out out;

    PeerLinks(NodeAddress address, PeerHost host, PeerBudget budget, PeerSlot<Channel, ?> slot) {
        this.slot = slot;
        this.table = new LinkTable(address, host, budget);
        this.out = new LinkTable.Out() { // both under the slot's lock, as the table is
            @Override
            public void item(byte[] item) {
                slot.sendLinkLocked(item);
            }

            @Override
            public void signal(SlotChannel.Signal signal) {
                slot.sendLinkSignalLocked(signal);
            }
        };
    }

    /**
     * {@code local} links with {@code handle}, {@code target} on the other node.
     *
     * @throws SlotRetiredException if the peer's link is retired: the caller looks it up again
     */
    public void link(LocalThread local, RemoteThread handle, Wire.Target target) {
        slot.atomically(() -> {
            slot.checkNotRetired(); // before anything is filed
            table.link(local, handle, target, out, this::hookFor);
            return null;
        });
    }

    /** {@code local} unlinks from {@code target}; once this returns the link raises nothing in {@code local}. */
    public void unlink(LocalThread local, Wire.Target target) {
        slot.atomically(() -> {
            table.unlink(local, target, out);
            return null;
        });
    }

    /** Thread {@code fromId} of the other node links with {@code target} (null: none), as {@code as} named it. */
    public void linkedFrom(Channel channel, long fromId, LocalThread target, Wire.Target as) {
        fromPeer(channel, send -> table.linkedFrom(fromId, channel.remote().incarnation(), target, as, send,
                this::hookFor));
    }

    /** The other node says which thread a name stood for when a link by name arrived. */
    public void nameResolved(Channel channel, long linkerId, String name, long holder) {
        fromPeer(channel, send -> table.nameResolved(linkerId, name, holder, channel.remote().incarnation(), send));
    }

    /** Thread {@code from} of the other node ended with {@code reason}; raised in {@code toId} if linked. */
    public void linkExit(Channel channel, Wire.ById from, long toId, ExitReason reason) {
        fromPeer(channel, send -> table.linkExit(from, toId, reason));
    }

    /** Thread {@code fromId} of the other node unlinked from {@code toId}. */
    public void unlinkedFrom(Channel channel, long fromId, long toId, long unlinkId) {
        fromPeer(channel, send -> table.unlinkedFrom(fromId, toId, unlinkId, channel.remote().incarnation(), send));
    }

    /** The other node acknowledged an unlink. */
    public void unlinkAcknowledged(Channel channel, long fromId, long toId, long unlinkId) {
        fromPeer(channel, send -> table.unlinkAcknowledged(fromId, toId, unlinkId, channel.remote().incarnation(),
                send));
    }

    /** Links held (for tests and leak checks). */
    public int size() {
        return slot.atomically(table::size);
    }

    /**
     * The channel is lost: every link raises {@code noconnection}, and the link items kept since
     * the channel closed are withdrawn (see {@link PeerSlot#withdrawKeptLinkItemsLocked}); called
     * under the slot's lock.
     */
    void lost() {
        slot.withdrawKeptLinkItemsLocked();
        table.lost();
    }

    /** The hook that passes the end of a link's local thread to the other side. */
    private ExitHook hookFor(ThreadLink link) {
        return (who, reason) -> slot.atomically(() -> {
            table.localEnded(link, reason, out);
            return null;
        });
    }

    /** Waits for room for the answer on {@code channel}'s reader, then acts if it is still the channel in use. */
    private void fromPeer(Channel channel, Consumer<LinkTable.Out> action) {
        if (!channel.awaitControlRoom()) {
            return;
        }
        slot.atomically(() -> {
            if (slot.isInstalled(channel)) {
                action.accept(out);
            }
            return null;
        });
    }
}
