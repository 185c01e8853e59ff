package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;

/**
 * The locks this node grants on names ({@link LockTable}), and what happens when one is freed:
 * the next registration in line gets it, or hears that the name was taken meanwhile. Owned by
 * the names service's thread.
 */
final class LockGrants {
    final LockTable locks = new LockTable();
    private final NameTable table;
    private final NamesPeers peers;

    LockGrants(NameTable table, NamesPeers peers) {
        this.table = table;
        this.peers = peers;
    }

    /** Grants the lock on {@code name}, free now, to the next in line: Taken if the name has a holder meanwhile. */
    void grantNext(String name) {
        for (LockTable.Holder h = locks.next(name); h != null; h = locks.next(name)) {
            Entry holder = table.winner(name);
            if (holder != null) {
                peers.send(h.party(), new NamesProtocol.Taken(name, h.reqId(), holder));
            } else {
                locks.take(name, h);
                peers.send(h.party(), new NamesProtocol.Locked(name, h.reqId()));
                return;
            }
        }
    }

    /** Frees this node's lock on {@code name} held by its own registration {@code reqId}. */
    void releaseLocal(String name, long reqId) {
        if (locks.release(name, new LockTable.Holder(peers.self(), reqId))) {
            grantNext(name);
        }
    }
}
