package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.internal.link.ThreadLink.State;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The links between threads of this node and threads of one other node: one per pair of
 * threads, the same table on both sides, kept in step by the link items of {@code Protocol}.
 *
 * <p>A link is made by either side ({@code Link}); made again, from either side, it stays one.
 * The thread that ends first passes its reason to the other ({@code LinkExit}): the real reason,
 * even if it ends right after linking, since the exit follows the link on the same connection.
 * Either side removes it ({@code Unlink}); it stays <em>unlinking</em> until the other side
 * acknowledges ({@code UnlinkAck}), and meanwhile ignores what the other side sent before it
 * learned of the unlink, its {@code Unlink} included (the two crossed: each side's
 * acknowledgement settles its own), but a {@code Link}, which makes it again (a link by name,
 * or the Link a thread that ends sends ahead of its exit). Linked again meanwhile, its {@code Link} waits for that
 * acknowledgement, so that it arrives after the other side has settled the unlink, never before
 * an unlink of the other side that would remove it there only (unless its thread ends first:
 * then the Link goes ahead of the exit): so both sides agree whatever
 * crosses on the wire. A link made by name
 * is pending until the other node says which thread the name stood for ({@code LinkName}); what
 * the linking side does to it meanwhile (unlink, end) is sent once that is known; if the pair
 * is linked already, the name finds that one link from then on. When the
 * connection is lost every link raises {@code noconnection} and is gone, on both sides; what the
 * table sent after the connection closed, and its loss was not yet taken, is kept for the next
 * connection and withdrawn by that loss ({@link PeerSlot#withdrawKeptLinkItemsLocked}): a link
 * made then raises {@code noconnection} here and is never made on the other node.
 *
 * <p>Every method runs under the lock of the link's {@link PeerSlot} ({@link PeerLinks} calls
 * them from {@code PeerSlot.atomically}), so a link is made, removed or raised entirely before
 * or after a loss is taken, and items are queued in the order the table changed. Raising a
 * failure and removing a link exclude each other: once {@code unlink} returns, the link raises
 * nothing. Items go out through {@code send} ({@link Out}), which never waits (the channel's reader
 * waits for room before it handles a request, see {@link PeerLinks}).
 *
 * <p>A link the other node makes is state it makes this node hold: each is charged to the
 * peer's {@link PeerBudget} ({@link PeerBudget#LINK_COST}) while it is filed, and one past the
 * budget is not made (the peer's connection is closed, which raises {@code noconnection} in
 * every link of the peer).
 */
final class LinkTable {
    private final NodeAddress peer;
    private final PeerHost host;
    private final PeerBudget budget;
    private final Map<ThreadLink.Key, ThreadLink> byIds = new HashMap<>();
    private final Map<ThreadLink.NameKey, ThreadLink> byName = new HashMap<>();
    private long unlinkIds;
    private long clock; // orders what the table's links go through, so that a late by-name unlink knows what came after it

    /**
     * Where the table's items go, without waiting: the channel in use, or kept for the next. A
     * link exit that carries a thread's reason goes as a {@link #signal}, so that for a peer with
     * a backlog it is encoded with a compact reason from the start.
     */
    interface Out {
        void item(byte[] item);

        void signal(SlotChannel.Signal signal);
    }

    LinkTable(NodeAddress peer, PeerHost host, PeerBudget budget) {
        this.peer = peer;
        this.host = host;
        this.budget = budget;
    }

    // ---- what this node's threads do ------------------------------------------------------------

    /**
     * {@code local} links with {@code handle} ({@code target} on the wire). {@code hookFor} makes
     * the exit hook of a new link; it is registered here.
     */
    void link(LocalThread local, RemoteThread handle, Wire.Target target, Out send,
              Function<ThreadLink, ExitHook> hookFor) {
        ThreadLink e = find(local, target);
        if (e != null) {
            e.linkedAt(++clock);
            if (e.state() == State.UNLINKING) { // linked again before the other side acknowledged
                e.relinked();
                if (e.unlinkPending()) { // its unlink went out: a new Link follows its acknowledgement (by name: nothing went out yet)
                    e.deferLink();
                }
            }
            return;
        }
        e = ThreadLink.madeHere(local, handle, target);
        e.linkedAt(++clock);
        if (e.isResolved()) {
            byIds.put(e.key(), e);
        } else {
            byName.put(e.nameKey(), e);
        }
        e.watchLocalExit(hookFor.apply(e));
        send.item(ItemCodec.link(local.id(), target));
    }

    /** {@code local} unlinks from {@code target}: from now on the link raises nothing. */
    void unlink(LocalThread local, Wire.Target target, Out send) {
        ThreadLink e = find(local, target);
        if (e == null || e.state() != State.ACTIVE) {
            return;
        }
        if (e.linkDeferred()) { // linked again, and unlinked before that Link went: the unlink in flight stands
            e.dropDeferredLink();
            return;
        }
        e.unlinking();
        e.unlinkedAt(++clock);
        if (e.isResolved()) {
            e.unlinkSent(++unlinkIds);
            send.item(ItemCodec.unlink(local.id(), e.remoteId(), e.unlinkId()));
        } // by a name not yet resolved: sent once it is
    }

    /** The local thread of link {@code e} ended with {@code reason}. */
    void localEnded(ThreadLink e, ExitReason reason, Out send) {
        if (!isFiled(e)) {
            return;
        }
        if (!e.isResolved()) { // by a name not yet resolved: its end goes out once it is
            if (e.state() == State.ACTIVE) {
                e.endedUnresolved(reason);
            }
            return;
        }
        remove(e);
        if (e.state() == State.ACTIVE) {
            if (e.linkDeferred()) { // linked again, its Link still waiting for the unlink's acknowledgement:
                // it goes now, ahead of the exit, or the other side, having taken the unlink, would ignore the exit
                send.item(ItemCodec.link(e.local().id(), new Wire.ById(e.remoteId(), e.remoteIncarnation())));
            }
            send.signal(compact -> host.linkExit(new Wire.ById(e.local().id(), host.incarnation()), e.remoteId(), reason,
                    compact));
        }
    }

    // ---- what the other node sends (its channel's reader) --------------------------------------

    /**
     * Thread {@code fromId} of the other node (incarnation {@code incarnation}) links with
     * {@code target}, the thread {@code as} names here, or null if none. Answers a link by name
     * with the holder, and a link to no thread, or to one that has ended, with {@code noproc}.
     */
    void linkedFrom(long fromId, long incarnation, LocalThread target, Wire.Target as, Out send,
                    Function<ThreadLink, ExitHook> hookFor) {
        if (as instanceof Wire.ByName n) {
            send.item(ItemCodec.linkName(fromId, n.name(), target == null ? -1 : target.id()));
        }
        if (target == null) {
            if (as instanceof Wire.ById b) {
                send.item(host.linkExit(b, fromId, ExitReason.NOPROC, false));
            }
            return;
        }
        ThreadLink.Key key = new ThreadLink.Key(target.id(), fromId, incarnation);
        ThreadLink existing = byIds.get(key);
        if (existing != null) { // one link per pair
            if (existing.state() == State.UNLINKING && existing.unlinkPending()) {
                // A Link that crossed this side's unlink: the other side linked while that unlink
                // was on its way, by name (it files the link once the name is resolved, after it
                // took the unlink), or again by id and ended at once (its Link went ahead of its
                // exit): the link is made again here too, and this side's acknowledgement keeps it.
                existing.relinked();
                existing.linkedAt(++clock);
            }
            return;
        }
        if (!budget.chargeEntry("a link", PeerBudget.LINK_COST)) {
            return; // over budget: its connection is being closed, and the link is not made
        }
        ThreadLink e = ThreadLink.madeThere(target, new RemoteThread.ById(peer, incarnation, fromId));
        e.linkedAt(++clock);
        if (!e.watchLocalExit(hookFor.apply(e))) { // it ended before the link arrived: noproc, as for an ended thread
            e.release(budget);
            send.item(host.linkExit(new Wire.ById(target.id(), host.incarnation()), fromId, ExitReason.NOPROC, false));
            return;
        }
        byIds.put(key, e);
    }

    /** The other node says which thread {@code name} stood for when {@code linkerId}'s link by name arrived. */
    void nameResolved(long linkerId, String name, long holder, long incarnation, Out send) {
        ThreadLink e = byName.get(new ThreadLink.NameKey(linkerId, name));
        if (e == null || e.isResolved()) {
            return;
        }
        if (holder < 0) {
            remove(e);
            if (e.state() == State.ACTIVE) {
                e.raise(ExitReason.NOPROC);
            }
            return;
        }
        ThreadLink.Key key = new ThreadLink.Key(linkerId, holder, incarnation);
        ThreadLink same = byIds.get(key);
        if (same != null) { // the pair is linked already (by id, from either side): one link, filed by id
            remove(e);
            switch (e.state()) {
                case ACTIVE -> { // the name finds that link from now on, so that an unlink by the name removes it
                    same.alsoNamed(name);
                    byName.put(e.nameKey(), same);
                }
                case UNLINKING -> {
                    if (same.linkedAt() < e.unlinkedAt()) { // else the pair was linked again after the unlink by name
                        unlink(same.local(), new Wire.ById(holder, incarnation), send);
                    }
                }
                case ENDED -> {
                }
            }
            return;
        }
        e.resolved(holder, incarnation);
        byIds.put(key, e);
        switch (e.state()) {
            case ACTIVE -> {
            }
            case UNLINKING -> {
                e.unlinkSent(++unlinkIds);
                send.item(ItemCodec.unlink(linkerId, holder, e.unlinkId()));
                if (LocalThreads.exitReason(e.local()) != null) {
                    remove(e); // nobody will link it again; the acknowledgement finds nothing
                }
            }
            case ENDED -> {
                remove(e);
                send.signal(compact -> host.linkExit(new Wire.ById(linkerId, host.incarnation()), holder, e.endedWith(),
                        compact));
            }
        }
    }

    /**
     * Thread {@code from} of the other node ended with {@code reason}: the link is gone, and the
     * failure (any reason but normal) is raised in {@code toId}.
     */
    void linkExit(Wire.ById from, long toId, ExitReason reason) {
        ThreadLink e = byIds.get(new ThreadLink.Key(toId, from.id(), from.incarnation()));
        if (e == null || e.state() != State.ACTIVE) {
            return; // unlinked here: what was sent before the other side knew has no effect
        }
        remove(e);
        if (!reason.isNormal()) {
            e.raise(reason);
        }
    }

    /**
     * Thread {@code fromId} of the other node unlinked from {@code toId}; acknowledged in any
     * case. If an unlink of this side is unacknowledged, the two crossed: this one is ignored, and
     * the link goes (or is made again) as this side's acknowledgement finds it, which the other
     * side, having this side's unlink and what followed it still to read, comes to agree with.
     */
    void unlinkedFrom(long fromId, long toId, long unlinkId, long incarnation, Out send) {
        ThreadLink e = byIds.get(new ThreadLink.Key(toId, fromId, incarnation));
        if (e != null && !e.unlinkPending()) {
            remove(e);
        }
        send.item(ItemCodec.unlinkAck(toId, fromId, unlinkId));
    }

    /**
     * The other node acknowledged an unlink: the link is gone, unless it was made again since;
     * then its Link goes now, after the other side has removed the link (or ignored the unlink
     * because its own crossed it, and then removes the link on this side's acknowledgement).
     */
    void unlinkAcknowledged(long fromId, long toId, long unlinkId, long incarnation, Out send) {
        ThreadLink e = byIds.get(new ThreadLink.Key(toId, fromId, incarnation));
        if (e == null || !e.unlinkPending() || e.unlinkId() != unlinkId) {
            return;
        }
        if (e.state() == State.UNLINKING) {
            remove(e);
        } else if (e.unlinkAcknowledged()) {
            send.item(ItemCodec.link(toId, new Wire.ById(fromId, incarnation)));
        }
    }

    /** The connection is lost: every link raises {@code noconnection} in its local thread and is gone. */
    void lost() {
        List<ThreadLink> all = new ArrayList<>(byIds.values());
        for (ThreadLink e : byName.values()) {
            if (!e.isResolved()) {
                all.add(e);
            }
        }
        byIds.clear();
        byName.clear();
        for (ThreadLink e : all) {
            e.cancelHook();
            e.release(budget);
            if (e.state() == State.ACTIVE) {
                e.raise(ExitReason.NOCONNECTION);
            }
        }
    }

    /** Links filed (for tests and leak checks). */
    int size() {
        return byIds.size() + (int) byName.values().stream().filter(e -> !e.isResolved()).count();
    }

    // ---- the table ----------------------------------------------------------------------------------

    private ThreadLink find(LocalThread local, Wire.Target target) {
        return switch (target) {
            case Wire.ById b -> byIds.get(new ThreadLink.Key(local.id(), b.id(), b.incarnation()));
            case Wire.ByName n -> byName.get(new ThreadLink.NameKey(local.id(), n.name()));
        };
    }

    private boolean isFiled(ThreadLink e) {
        return e.isResolved() ? byIds.get(e.key()) == e : byName.get(e.nameKey()) == e;
    }

    private void remove(ThreadLink e) {
        if (e.isResolved()) {
            byIds.remove(e.key(), e);
        }
        if (e.name() != null) {
            byName.remove(e.nameKey(), e);
        }
        for (String alias : e.aliases()) {
            byName.remove(new ThreadLink.NameKey(e.local().id(), alias), e);
        }
        e.cancelHook();
        e.release(budget);
    }
}
