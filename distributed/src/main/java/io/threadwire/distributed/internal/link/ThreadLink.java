package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.RemoteReason;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One link between a thread of this node and a thread of another, as {@link LinkTable} files it:
 * the remote thread (by id, or by the name it was linked by until that name is resolved), the
 * link's state, the hook on its local thread's end, and its charge on the peer's
 * {@link PeerBudget}. Used only under the lock of the peer's {@link PeerSlot}.
 */
final class ThreadLink {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadLink.class);

    enum State {
        ACTIVE,
        /** Unlinked here; waits for the other side's acknowledgement, or (by name) for the name's holder. */
        UNLINKING,
        /** Made by name, and its thread ended before the name was resolved: its end goes out once it is. */
        ENDED
    }

    /**
     * A link as filed: the local thread, the remote thread's id and the incarnation of its node.
     * Comparable because the other node chooses the remote ids: keys whose hash codes it made
     * collide then sit in a {@code HashMap} bin searched in O(log n), not O(n).
     */
    record Key(long localId, long remoteId, long remoteIncarnation) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(localId, o.localId);
            if (c == 0) {
                c = Long.compare(remoteId, o.remoteId);
            }
            return c != 0 ? c : Long.compare(remoteIncarnation, o.remoteIncarnation);
        }
    }

    /** A link this node's thread made by name. */
    record NameKey(long localId, String name) {
    }

    private final LocalThread local;
    private final ThreadRef handle;         // what the LinkedThreadException raised in local names
    private final String name;              // the name local linked by, or null
    private List<String> aliases = List.of(); // names local linked by later, resolved to this link's thread: filed to it too
    private long remoteId = -1;             // -1: a name not yet resolved
    private long remoteIncarnation;
    private State state = State.ACTIVE;
    private long unlinkId;                  // the unlink sent and not yet acknowledged, or 0
    private boolean linkDeferred;           // linked again while that unlink is unacknowledged: a Link follows the ack
    private ExitReason endedWith;           // ENDED
    private long linkedAt;                  // when, by its table's clock, it was last linked (made, or linked again)
    private long unlinkedAt;                // when, by its table's clock, it was last unlinked here
    private Registration onLocalExit;
    private boolean charged;                // made by the other node: its cost is on the peer's budget

    private ThreadLink(LocalThread local, ThreadRef handle, String name) {
        this.local = local;
        this.handle = handle;
        this.name = name;
    }

    /** A link {@code local} makes with {@code handle}, {@code target} on the wire. */
    static ThreadLink madeHere(LocalThread local, ThreadRef handle, Wire.Target target) {
        ThreadLink l = new ThreadLink(local, handle, target instanceof Wire.ByName n ? n.name() : null);
        if (target instanceof Wire.ById b) {
            l.resolved(b.id(), b.incarnation());
        }
        return l;
    }

    /** A link thread {@code handle} of the other node makes with {@code target}, charged to the peer's budget. */
    static ThreadLink madeThere(LocalThread target, RemoteThread.ById handle) {
        ThreadLink l = new ThreadLink(target, handle, null);
        l.charged = true;
        l.resolved(handle.id(), handle.incarnation());
        return l;
    }

    LocalThread local() {
        return local;
    }

    /** The name the local thread linked by, or null. */
    String name() {
        return name;
    }

    /** The other names {@code local} linked by that stood for this link's remote thread, filed to this link. */
    List<String> aliases() {
        return aliases;
    }

    /**
     * {@code local} linked by {@code alias} too, which stood for this link's remote thread: one
     * link, which an unlink by that name removes.
     */
    void alsoNamed(String alias) {
        if (!alias.equals(name) && !aliases.contains(alias)) {
            List<String> more = new ArrayList<>(aliases);
            more.add(alias);
            aliases = List.copyOf(more);
        }
    }

    /** The remote thread's id, or -1 while a name is not yet resolved. */
    long remoteId() {
        return remoteId;
    }

    long remoteIncarnation() {
        return remoteIncarnation;
    }

    boolean isResolved() {
        return remoteId >= 0;
    }

    State state() {
        return state;
    }

    long unlinkId() {
        return unlinkId;
    }

    /** The reason its local thread ended with, once {@link State#ENDED}. */
    ExitReason endedWith() {
        return endedWith;
    }

    Key key() {
        return new Key(local.id(), remoteId, remoteIncarnation);
    }

    NameKey nameKey() {
        return new NameKey(local.id(), name);
    }

    /** The remote thread is {@code id} of the node's incarnation {@code incarnation}. */
    void resolved(long id, long incarnation) {
        remoteId = id;
        remoteIncarnation = incarnation;
    }

    /** Linked (made, or linked again, from either side) at {@code time} of its table's clock. */
    void linkedAt(long time) {
        linkedAt = time;
    }

    long linkedAt() {
        return linkedAt;
    }

    /** Unlinked by its local thread at {@code time} of its table's clock. */
    void unlinkedAt(long time) {
        unlinkedAt = time;
    }

    long unlinkedAt() {
        return unlinkedAt;
    }

    /** Linked again while it was unlinking. */
    void relinked() {
        state = State.ACTIVE;
    }

    /** Whether an unlink of this side went out and is not yet acknowledged. */
    boolean unlinkPending() {
        return unlinkId != 0;
    }

    /** Linked again while its unlink is unacknowledged: its Link goes once the acknowledgement arrives. */
    void deferLink() {
        linkDeferred = true;
    }

    /** Whether a Link waits for the acknowledgement of its unlink. */
    boolean linkDeferred() {
        return linkDeferred;
    }

    /** Unlinked again before its deferred Link went: the unlink in flight stands. */
    void dropDeferredLink() {
        linkDeferred = false;
        state = State.UNLINKING;
    }

    /** The other side acknowledged its unlink; true if a Link was deferred until then. */
    boolean unlinkAcknowledged() {
        unlinkId = 0;
        boolean deferred = linkDeferred;
        linkDeferred = false;
        return deferred;
    }

    void unlinking() {
        state = State.UNLINKING;
    }

    /** Its unlink goes out as {@code id}; the acknowledgement names it. */
    void unlinkSent(long id) {
        unlinkId = id;
    }

    /** Its local thread ended with {@code reason} before the name was resolved. */
    void endedUnresolved(ExitReason reason) {
        state = State.ENDED;
        endedWith = reason;
    }

    /** Registers {@code hook} on the end of the local thread; false if that thread has ended already. */
    boolean watchLocalExit(ExitHook hook) {
        onLocalExit = LocalThreads.onExit(local, hook);
        return onLocalExit != null;
    }

    void cancelHook() {
        Registration r = onLocalExit;
        if (r != null) {
            r.cancel();
        }
    }

    /** Gives the link's charge back to the peer's budget, once. */
    void release(PeerBudget budget) {
        if (charged) {
            charged = false;
            budget.releaseEntry(PeerBudget.LINK_COST);
        }
    }

    /** Raises the failure in the link's local thread; never lets the reason's own text stop it. */
    void raise(ExitReason reason) {
        try {
            LocalThreads.linkedFailure(local, handle, reason);
        } catch (RuntimeException | Error failed) { // a custom reason's toString() threw
            LOG.debug("the reason of linked thread {} cannot be described: {}", handle, failed.toString());
            LocalThreads.linkedFailure(local, handle, new ExitReason.Custom(new RemoteReason(
                    reason.getClass().getName(), "(its toString() threw " + failed.getClass().getName() + ")")));
        }
    }
}
