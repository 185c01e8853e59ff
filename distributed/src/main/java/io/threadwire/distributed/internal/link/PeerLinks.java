package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.RemoteReason;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links between threads of this node and threads of one other node: one per pair of
 * threads, the same table on both sides, kept in step by the link items of {@code Protocol}.
 *
 * <p>A link is made by either side ({@code Link}); made again, from either side, it stays one.
 * The thread that ends first passes its reason to the other ({@code LinkExit}): the real reason,
 * even if it ends right after linking, since the exit follows the link on the same connection.
 * Either side removes it ({@code Unlink}); it stays <em>unlinking</em> until the other side
 * acknowledges ({@code UnlinkAck}), and meanwhile ignores what the other side sent before it
 * learned of the unlink: so both sides agree whatever crosses on the wire. A link made by name
 * is pending until the other node says which thread the name stood for ({@code LinkName}); what
 * the linking side does to it meanwhile (unlink, end) is sent once that is known. When the
 * connection is lost every link raises {@code noconnection} and is gone, on both sides.
 *
 * <p>Every method runs under the lock of the link's {@link PeerSlot} ({@link PeerLink} calls
 * them from {@code PeerSlot.atomically}), so a link is made, removed or raised entirely before
 * or after a loss is taken, and items are queued in the order the table changed. Raising a
 * failure and removing a link exclude each other: once {@code unlink} returns, the link raises
 * nothing. Items go out through {@code send}, which never waits (the channel's reader waits for
 * room before it handles a request, see {@link PeerLink}).
 *
 * <p>A link the other node makes is state it makes this node hold: each is charged to the
 * peer's {@link PeerBudget} ({@link PeerBudget#LINK_COST}) while it is filed, and one past the
 * budget is not made (the peer's connection is closed, which raises {@code noconnection} in
 * every link of the peer).
 */
final class PeerLinks {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLinks.class);

    private enum State {
        ACTIVE,
        /** Unlinked here; waits for the other side's acknowledgement, or (by name) for the name's holder. */
        UNLINKING,
        /** Made by name, and its thread ended before the name was resolved: its end goes out once it is. */
        ENDED
    }

    /** A link as filed: the local thread, the remote thread's id and the incarnation of its node. */
    private record Key(long localId, long remoteId, long remoteIncarnation) {
    }

    /** A link this node's thread made by name. */
    private record NameKey(long localId, String name) {
    }

    private static final class Entry {
        final LocalThread local;
        final ThreadRef handle;         // what the LinkedThreadException raised in local names
        final String name;              // the name local linked by, or null
        long remoteId = -1;             // -1: a name not yet resolved
        long remoteIncarnation;
        State state = State.ACTIVE;
        long unlinkId;
        ExitReason endedWith;           // ENDED
        Registration onLocalExit;
        boolean charged;                // made by the other node: its cost is on the peer's budget

        Entry(LocalThread local, ThreadRef handle, String name) {
            this.local = local;
            this.handle = handle;
            this.name = name;
        }

        Key key() {
            return new Key(local.id(), remoteId, remoteIncarnation);
        }
    }

    private final NodeAddress peer;
    private final PeerHost host;
    private final PeerBudget budget;
    private final Map<Key, Entry> byIds = new HashMap<>();
    private final Map<NameKey, Entry> byName = new HashMap<>();
    private long unlinkIds;

    PeerLinks(NodeAddress peer, PeerHost host, PeerBudget budget) {
        this.peer = peer;
        this.host = host;
        this.budget = budget;
    }

    // ---- what this node's threads do ------------------------------------------------------------

    /**
     * {@code local} links with {@code handle} ({@code target} on the wire). {@code hookFor} makes
     * the exit hook of a new link; it is registered here.
     */
    void link(LocalThread local, RemoteThread handle, Wire.Target target, Consumer<byte[]> send,
              Function<Object, ExitHook> hookFor) {
        Entry e = find(local, target);
        if (e != null) {
            if (e.state == State.UNLINKING) { // linked again before the other side acknowledged
                e.state = State.ACTIVE;
                if (e.remoteId >= 0) { // its unlink went out: so does a new link (by name: nothing went out yet)
                    send.accept(ItemCodec.link(local.id(), new Wire.ById(e.remoteId, e.remoteIncarnation)));
                }
            }
            return;
        }
        e = new Entry(local, handle, target instanceof Wire.ByName n ? n.name() : null);
        if (target instanceof Wire.ById b) {
            e.remoteId = b.id();
            e.remoteIncarnation = b.incarnation();
            byIds.put(e.key(), e);
        } else {
            byName.put(new NameKey(local.id(), e.name), e);
        }
        e.onLocalExit = LocalThreads.onExit(local, hookFor.apply(e));
        send.accept(ItemCodec.link(local.id(), target));
    }

    /** {@code local} unlinks from {@code target}: from now on the link raises nothing. */
    void unlink(LocalThread local, Wire.Target target, Consumer<byte[]> send) {
        Entry e = find(local, target);
        if (e == null || e.state != State.ACTIVE) {
            return;
        }
        e.state = State.UNLINKING;
        if (e.remoteId >= 0) {
            e.unlinkId = ++unlinkIds;
            send.accept(ItemCodec.unlink(local.id(), e.remoteId, e.unlinkId));
        } // by a name not yet resolved: sent once it is
    }

    /** The local thread of link {@code entry} ended with {@code reason}. */
    void localEnded(Object entry, ExitReason reason, Consumer<byte[]> send) {
        Entry e = (Entry) entry;
        if (!isFiled(e)) {
            return;
        }
        if (e.remoteId < 0) { // by a name not yet resolved: its end goes out once it is
            if (e.state == State.ACTIVE) {
                e.state = State.ENDED;
                e.endedWith = reason;
            }
            return;
        }
        remove(e);
        if (e.state == State.ACTIVE) {
            send.accept(host.linkExit(new Wire.ById(e.local.id(), host.incarnation()), e.remoteId, reason));
        }
    }

    // ---- what the other node sends (its channel's reader) --------------------------------------

    /**
     * Thread {@code fromId} of the other node (incarnation {@code incarnation}) links with
     * {@code target}, the thread {@code as} names here, or null if none. Answers a link by name
     * with the holder, and a link to no thread, or to one that has ended, with {@code noproc}.
     */
    void linkedFrom(long fromId, long incarnation, LocalThread target, Wire.Target as, Consumer<byte[]> send,
                    Function<Object, ExitHook> hookFor) {
        if (as instanceof Wire.ByName n) {
            send.accept(ItemCodec.linkName(fromId, n.name(), target == null ? -1 : target.id()));
        }
        if (target == null) {
            if (as instanceof Wire.ById b) {
                send.accept(host.linkExit(b, fromId, ExitReason.NOPROC));
            }
            return;
        }
        Key key = new Key(target.id(), fromId, incarnation);
        if (byIds.containsKey(key)) {
            return; // one link per pair (if it is unlinking, this crossed the unlink: it is ignored)
        }
        if (!budget.charge("a link", PeerBudget.LINK_COST)) {
            return; // over budget: its connection is being closed, and the link is not made
        }
        Entry e = new Entry(target, new RemoteThread.ById(peer, incarnation, fromId), null);
        e.charged = true;
        e.remoteId = fromId;
        e.remoteIncarnation = incarnation;
        e.onLocalExit = LocalThreads.onExit(target, hookFor.apply(e));
        if (e.onLocalExit == null) { // it ended before the link arrived: noproc, as a link to an ended thread is
            release(e);
            send.accept(host.linkExit(new Wire.ById(target.id(), host.incarnation()), fromId, ExitReason.NOPROC));
            return;
        }
        byIds.put(key, e);
    }

    /** The other node says which thread {@code name} stood for when {@code linkerId}'s link by name arrived. */
    void nameResolved(long linkerId, String name, long holder, long incarnation, Consumer<byte[]> send) {
        Entry e = byName.get(new NameKey(linkerId, name));
        if (e == null || e.remoteId >= 0) {
            return;
        }
        if (holder < 0) {
            remove(e);
            if (e.state == State.ACTIVE) {
                raise(e, ExitReason.NOPROC);
            }
            return;
        }
        Key key = new Key(linkerId, holder, incarnation);
        Entry same = byIds.get(key);
        if (same != null) { // the other side linked the same pair meanwhile: one link, filed by id
            remove(e);
            if (e.state == State.UNLINKING) {
                unlink(same.local, new Wire.ById(holder, incarnation), send);
            }
            return;
        }
        e.remoteId = holder;
        e.remoteIncarnation = incarnation;
        byIds.put(key, e);
        switch (e.state) {
            case ACTIVE -> {
            }
            case UNLINKING -> {
                e.unlinkId = ++unlinkIds;
                send.accept(ItemCodec.unlink(linkerId, holder, e.unlinkId));
                if (LocalThreads.exitReason(e.local) != null) {
                    remove(e); // nobody will link it again; the acknowledgement finds nothing
                }
            }
            case ENDED -> {
                remove(e);
                send.accept(host.linkExit(new Wire.ById(linkerId, host.incarnation()), holder, e.endedWith));
            }
        }
    }

    /**
     * Thread {@code from} of the other node ended with {@code reason}: the link is gone, and the
     * failure (any reason but normal) is raised in {@code toId}.
     */
    void linkExit(Wire.ById from, long toId, ExitReason reason) {
        Entry e = byIds.get(new Key(toId, from.id(), from.incarnation()));
        if (e == null || e.state != State.ACTIVE) {
            return; // unlinked here: what was sent before the other side knew has no effect
        }
        remove(e);
        if (!reason.isNormal()) {
            raise(e, reason);
        }
    }

    /** Thread {@code fromId} of the other node unlinked from {@code toId}; acknowledged in any case. */
    void unlinkedFrom(long fromId, long toId, long unlinkId, long incarnation, Consumer<byte[]> send) {
        Entry e = byIds.get(new Key(toId, fromId, incarnation));
        if (e != null) {
            remove(e);
        }
        send.accept(ItemCodec.unlinkAck(toId, fromId, unlinkId));
    }

    /** The other node acknowledged an unlink: the link is gone, unless it was made again since. */
    void unlinkAcknowledged(long fromId, long toId, long unlinkId, long incarnation) {
        Entry e = byIds.get(new Key(toId, fromId, incarnation));
        if (e != null && e.state == State.UNLINKING && e.unlinkId == unlinkId) {
            remove(e);
        }
    }

    /** The connection is lost: every link raises {@code noconnection} in its local thread and is gone. */
    void lost() {
        List<Entry> all = new ArrayList<>(byIds.values());
        for (Entry e : byName.values()) {
            if (e.remoteId < 0) {
                all.add(e);
            }
        }
        byIds.clear();
        byName.clear();
        for (Entry e : all) {
            cancelHook(e);
            release(e);
            if (e.state == State.ACTIVE) {
                raise(e, ExitReason.NOCONNECTION);
            }
        }
    }

    /** Links filed (for tests and leak checks). */
    int size() {
        return byIds.size() + (int) byName.values().stream().filter(e -> e.remoteId < 0).count();
    }

    // ---- the table ----------------------------------------------------------------------------------

    private Entry find(LocalThread local, Wire.Target target) {
        return switch (target) {
            case Wire.ById b -> byIds.get(new Key(local.id(), b.id(), b.incarnation()));
            case Wire.ByName n -> byName.get(new NameKey(local.id(), n.name()));
        };
    }

    private boolean isFiled(Entry e) {
        return e.remoteId >= 0 ? byIds.get(e.key()) == e : byName.get(new NameKey(e.local.id(), e.name)) == e;
    }

    private void remove(Entry e) {
        if (e.remoteId >= 0) {
            byIds.remove(e.key(), e);
        }
        if (e.name != null) {
            byName.remove(new NameKey(e.local.id(), e.name), e);
        }
        cancelHook(e);
        release(e);
    }

    /** Gives a link's charge back to the peer's budget, once. */
    private void release(Entry e) {
        if (e.charged) {
            e.charged = false;
            budget.release(PeerBudget.LINK_COST);
        }
    }

    private static void cancelHook(Entry e) {
        Registration r = e.onLocalExit;
        if (r != null) {
            r.cancel();
        }
    }

    /** Raises the failure in the link's local thread; never lets the reason's own text stop it. */
    private static void raise(Entry e, ExitReason reason) {
        try {
            LocalThreads.linkedFailure(e.local, e.handle, reason);
        } catch (RuntimeException | Error failed) { // a custom reason's toString() threw
            LOG.debug("the reason of linked thread {} cannot be described: {}", e.handle, failed.toString());
            LocalThreads.linkedFailure(e.local, e.handle, new ExitReason.Custom(new RemoteReason(
                    reason.getClass().getName(), "(its toString() threw " + failed.getClass().getName() + ")")));
        }
    }
}
