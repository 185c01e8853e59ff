package io.threadwire.distributed.internal.link;

import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitors the peer holds on this node's threads over one channel, by the peer's monitor
 * id: each charged to the peer's budget ({@link PeerBudget#MONITOR_COST}), an id used twice
 * refused, and all cancelled when the channel closes. Each entry is released to the budget it
 * was charged to, whatever {@link #chargeTo} says by then.
 */
public final class RemoteWatchers {
    /** A monitor's hook and the budget its cost was charged to, which it goes back to. */
    private record Entry(Registration hook, PeerBudget budget) {
    }

    private final Map<Long, Entry> byId = new ConcurrentHashMap<>();
    private volatile PeerBudget budget = new PeerBudget("a peer not filed yet", Long.MAX_VALUE);
    private volatile boolean closed;

    /** Charges the monitors to {@code b} from now on (before the first arrives). */
    void chargeTo(PeerBudget b) {
        this.budget = b;
    }

    /**
     * Files the hook watching a thread for the peer's monitor {@code id}. On a refusal the hook
     * is cancelled, so that nothing of the monitor stays behind.
     *
     * @throws ProtocolException if the peer uses an id it holds already (the peer's node makes
     *                           each id once: a repeat is a broken or hostile peer), or the
     *                           monitor would put the peer over its budget
     */
    public void add(long id, Registration hook) {
        PeerBudget b = budget;
        if (!b.chargeEntry("a monitor", PeerBudget.MONITOR_COST)) {
            hook.cancel();
            throw new ProtocolException("over budget: a monitor more than the peer's budget allows");
        }
        if (byId.putIfAbsent(id, new Entry(hook, b)) != null) {
            b.releaseEntry(PeerBudget.MONITOR_COST);
            hook.cancel();
            throw new ProtocolException("the peer reused monitor id " + id + ", which it holds already");
        }
        if (closed && remove(id)) { // the channel closed meanwhile: nobody would cancel it
            hook.cancel();
        }
    }

    /** Removes monitor {@code id}; true if it was there (whoever removes it reports it, once). */
    public boolean remove(long id) {
        Entry e = byId.remove(id);
        if (e == null) {
            return false;
        }
        e.budget().releaseEntry(PeerBudget.MONITOR_COST);
        return true;
    }

    /** The peer cancelled monitor {@code id}. */
    public void cancel(long id) {
        Entry e = byId.remove(id);
        if (e != null) {
            e.budget().releaseEntry(PeerBudget.MONITOR_COST);
            e.hook().cancel();
        }
    }

    /** The channel closed: every hook is cancelled, later ones are refused. */
    void closeAll() {
        closed = true;
        for (Long id : byId.keySet()) {
            cancel(id);
        }
    }

    /** Monitors held now. */
    public int size() {
        return byId.size();
    }
}
