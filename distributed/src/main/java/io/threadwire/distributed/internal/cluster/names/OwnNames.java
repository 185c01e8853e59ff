package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.LocalThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.GlobalNameLost;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Claim;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names whose home is this node: recorded with a watch on their thread, and freed (and
 * every peer told) when unregistered, when the thread ends, or when the name is lost to an
 * older claim, whose loser is told once. Owned by the names service's thread.
 */
final class OwnNames {
    private static final Logger LOG = LoggerFactory.getLogger(OwnNames.class);

    private final NameTable table;
    private final NamesPeers peers;
    private final Map<LocalThread, Registration> exitHooks = new HashMap<>();

    OwnNames(NameTable table, NamesPeers peers) {
        this.table = table;
        this.peers = peers;
    }

    /** Records {@code entry}, of a thread of this node, watching the thread; false if it has ended. */
    boolean own(Entry entry) {
        LocalThread t = (LocalThread) entry.thread();
        if (!exitHooks.containsKey(t)) {
            Registration hook = LocalThreads.onExit(t, (x, r) -> LocalThreads.deliver(peers.me(), new NamesRequests.Exited(t)));
            if (hook == null) {
                return false;
            }
            exitHooks.put(t, hook);
        }
        table.addOwn(entry);
        return true;
    }

    /** Frees this node's {@code name} (with {@code claim}, if given) and tells every peer; returns the entry, or null. */
    Entry drop(String name, Claim claim) {
        Entry e = table.removeOwn(name, claim);
        if (e != null) {
            LocalThread t = (LocalThread) e.thread();
            if (!table.holdsAny(t)) {
                Registration hook = exitHooks.remove(t);
                if (hook != null) {
                    hook.cancel();
                }
            }
            peers.broadcast(new NamesProtocol.Unregistered(name, e.claim()));
        }
        return e;
    }

    /** {@code t}, which held names here, ended: they are freed. */
    void exited(LocalThread t) {
        exitHooks.remove(t);
        for (String name : table.namesOf(t)) {
            drop(name, null);
        }
    }

    /**
     * Frees {@code name} here if its holder, a thread of this node, has ended and its exit has
     * not reached this service yet. A thread told of the holder's end before that (by a monitor
     * or link older than the name, whose hook runs first) would otherwise be refused the name by
     * a thread that holds nothing any more.
     */
    void settleEnded(String name) {
        Entry e = table.own(name);
        if (e != null && LocalThreads.exitReason((LocalThread) e.thread()) != null) {
            exited((LocalThread) e.thread());
        }
    }

    /** This node's {@code mine} lost to {@code winner}'s older claim: freed everywhere, its thread told once. */
    void lose(Entry mine, Entry winner) {
        if (drop(mine.name(), mine.claim()) != null) {
            LOG.info("node {}: global name '{}' of {} lost to the older registration of {}", peers.self().address(),
                    mine.name(), mine.thread(), winner.thread());
            LocalThreads.deliver((LocalThread) mine.thread(), new GlobalNameLost(mine.name(), winner.thread()));
        }
    }
}
