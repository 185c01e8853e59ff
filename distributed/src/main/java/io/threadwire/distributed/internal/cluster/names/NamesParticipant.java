package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import java.util.List;

/**
 * What the names service does with each message from a node (another, or itself as a
 * registrar): grant, queue or refuse locks, record commits and announcements, answer the
 * registrations this node runs. A peer's message that breaks a limit, or speaks for another
 * node's names, is not applied and the peer is cut off.
 */
final class NamesParticipant {
    private NamesParticipant() {
    }

    static void handle(NamesService s, Party from, boolean fromSelf, NamesProtocol m) {
        switch (m) {
            case NamesProtocol.Lock l -> lock(s, from, fromSelf, l);
            case NamesProtocol.Unlock u -> unlock(s, from, u);
            case NamesProtocol.Locked l -> s.registrations().locked(from, l);
            case NamesProtocol.Busy b -> s.registrations().busy(from, b);
            case NamesProtocol.Taken t -> s.registrations().taken(from, t);
            case NamesProtocol.Committed c -> s.registrations().committed(from, c);
            case NamesProtocol.Commit c -> {
                if (!fromSelf && accept(s, from, c.entry(), c.name())) {
                    boolean released = s.grants().locks.release(c.name(), new LockTable.Holder(from, c.reqId()));
                    s.conflicts().resolve(c.name(), from);
                    s.peers().send(from, new NamesProtocol.Committed(c.name(), c.reqId()));
                    if (released) {
                        s.grants().grantNext(c.name());
                    }
                }
            }
            case NamesProtocol.Registered r -> {
                if (!fromSelf && accept(s, from, r.entry(), r.entry() == null ? null : r.entry().name())) {
                    s.conflicts().resolve(r.entry().name(), from);
                }
            }
            case NamesProtocol.Sync sync -> {
                if (!fromSelf) {
                    sync(s, from, sync);
                }
            }
            case NamesProtocol.Unregistered u -> {
                NameTable.PeerNames p = s.table().peer(from.address());
                if (!fromSelf && p != null && p.incarnation == from.incarnation()) {
                    s.table().removePeer(p, u.name(), u.claim());
                }
            }
            case NamesProtocol.Unregister u -> s.unregisterAtHome(from, u);
            case NamesProtocol.UnregisterDone d -> s.unregisterDone(from, d);
            case NamesProtocol.Conflict c -> conflict(s, from, fromSelf, c);
            case NamesProtocol.Claim c -> { } // values inside messages, never sent alone
            case NamesProtocol.Entry e -> { }
            case NamesProtocol.Held h -> { }
        }
    }

    private static void lock(NamesService s, Party from, boolean fromSelf, NamesProtocol.Lock l) {
        String problem = NamesChecks.name(l.name());
        if (problem == null && !fromSelf && s.grants().locks.count(from) >= s.limits().maxRegistrationsInFlight()) {
            problem = "maxRegistrationsInFlight (" + s.limits().maxRegistrationsInFlight() + ") exceeded";
        }
        if (problem != null) {
            s.peers().violation(from, problem);
            return;
        }
        Entry holder = s.table().winner(l.name());
        LockTable.Holder asking = new LockTable.Holder(from, l.reqId());
        LockTable.Holder held = s.grants().locks.holder(l.name());
        if (holder != null) {
            s.peers().send(from, new NamesProtocol.Taken(l.name(), l.reqId(), holder));
        } else if (held == null) {
            s.grants().locks.take(l.name(), asking);
            s.peers().send(from, new NamesProtocol.Locked(l.name(), l.reqId()));
        } else if (held.equals(asking)) {
            s.peers().send(from, new NamesProtocol.Locked(l.name(), l.reqId()));
        } else if (l.queue()) {
            s.grants().locks.enqueue(l.name(), asking);
        } else {
            s.peers().send(from, new NamesProtocol.Busy(l.name(), l.reqId()));
        }
    }

    /**
     * A node that sees two holders of a name tells the loser's home, this node. It gives its
     * holder's name up only to a winner it knows of from the winner's home itself: the teller's
     * view may be older than this node's (the winner unregistered, ended or gone meanwhile, with
     * this node never told of it), and a loss to it would leave the name with nobody. A winner
     * that still holds the name is announced to this node by its home on their connection, and
     * this node then resolves the conflict itself ({@link Conflicts#resolve}).
     */
    private static void conflict(NamesService s, Party from, boolean fromSelf, NamesProtocol.Conflict c) {
        String problem = NamesChecks.entry(c.winner(), c.name(), null, null);
        if (problem != null && !fromSelf) {
            s.peers().violation(from, problem);
            return;
        }
        Entry mine = s.table().own(c.name());
        Entry winner = s.table().announced(c.winner());
        if (mine != null && winner != null && mine.claim().equals(c.loser()) && winner.claim().compareTo(mine.claim()) < 0) {
            s.own().lose(mine, winner);
        }
    }

    private static void unlock(NamesService s, Party from, NamesProtocol.Unlock u) {
        LockTable.Holder h = new LockTable.Holder(from, u.reqId());
        if (s.grants().locks.release(u.name(), h)) {
            s.grants().grantNext(u.name());
        } else {
            s.grants().locks.leaveLine(u.name(), h);
        }
    }

    /** Records a peer's entry for {@code name}, after checking it; false if the peer was cut off instead. */
    private static boolean accept(NamesService s, Party from, Entry e, String name) {
        String problem = NamesChecks.entry(e, name, from, s.ofPeer(from));
        NameTable.PeerNames p = s.table().peerState(from.address(), from.incarnation());
        if (problem == null && !p.names.containsKey(name) && p.names.size() >= s.limits().maxGlobalNames()) {
            problem = "maxGlobalNames (" + s.limits().maxGlobalNames() + ") exceeded";
        }
        if (problem != null) {
            s.peers().violation(from, problem);
            return false;
        }
        s.table().putPeer(p, e);
        return true;
    }

    private static void sync(NamesService s, Party from, NamesProtocol.Sync sync) {
        List<Entry> entries = sync.own();
        String problem = entries == null ? "a Sync without names"
                : entries.size() > s.limits().maxGlobalNames()
                ? "maxGlobalNames (" + s.limits().maxGlobalNames() + ") exceeded: " + entries.size() + " names" : null;
        for (int i = 0; problem == null && i < entries.size(); i++) {
            Entry e = entries.get(i);
            problem = NamesChecks.entry(e, e == null ? null : e.name(), from, s.ofPeer(from));
        }
        if (problem != null) {
            s.peers().violation(from, problem);
            return;
        }
        s.table().replacePeer(s.table().peerState(from.address(), from.incarnation()), entries);
        for (Entry e : entries) {
            s.conflicts().resolve(e.name(), from);
        }
    }

}
