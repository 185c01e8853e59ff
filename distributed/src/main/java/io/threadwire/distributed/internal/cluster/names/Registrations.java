package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Claim;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The registrations this node runs, as registrar, for its own threads: a lock on the name at
 * the gate (the smallest node of the registrar's view; registrars queue there), then at every
 * other node of the view at once (each answers Locked, Busy or Taken), then the commit, which
 * every node of the view acknowledges. Busy means the views of two registrars differ for a
 * moment: both let go and retry after a random delay. A node of the view that is lost leaves
 * it: it counts as having answered, and is not asked later in the attempt. Owned by the names
 * service's thread.
 */
final class Registrations {
    private final NamesPeers peers;
    private final NameTable table;
    private final OwnNames own;
    private final LockGrants grants;
    private final Duration timeout;
    private final Map<Long, Registration> inFlight = new HashMap<>();  // by the current attempt's reqId
    private final Map<Long, Registration> retrying = new HashMap<>();  // by the aborted attempt's reqId
    private final ArrayDeque<Registration> waiting = new ArrayDeque<>(); // past maxRegistrationsInFlight
    private final Map<Long, Registration> unfinished = new HashMap<>();  // by Registration.id, until answered
    private final int maxInFlight;
    private final int maxNames;
    private final Map<String, Integer> registering = new HashMap<>(); // unfinished, not yet committing, by name
    private boolean startingWaiting;   // startWaiting's loop is running, further down this thread's stack
    private long nextReqId;
    private long nextSeq;
    private long nextId;

    Registrations(NamesPeers peers, NameTable table, OwnNames own, LockGrants grants, Duration timeout, int maxInFlight,
                  int maxNames) {
        this.peers = peers;
        this.table = table;
        this.own = own;
        this.grants = grants;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
        this.maxNames = maxNames;
    }

    /**
     * Names this node's threads may come to hold, beyond those they hold, once every registration
     * under way, in line or retrying succeeds, and {@code name}'s too: what {@code maxGlobalNames}
     * must allow for, as two calls in the mailbox at once would otherwise both pass a check of
     * the names held. Calls for one name count once, as at most one of them adds it.
     */
    int pendingWith(String name) {
        return registering.size() + (registering.containsKey(name) ? 0 : 1);
    }

    /** A registration of {@code r.name} for its thread, which holds no name yet in this node's view. */
    void start(Registration r) {
        r.id = ++nextId;
        unfinished.put(r.id, r);
        registering.merge(r.name, 1, Integer::sum);
        long left = Math.max(0, r.deadlineNanos - System.nanoTime());
        Messaging.sendAfter(Duration.ofNanos(left), new NamesRequests.Expire(r.id), peers.me());
        if (inFlight.size() + retrying.size() >= maxInFlight) {
            waiting.add(r);
            return;
        }
        begin(r);
    }

    /** One attempt: the view now, its gate, and the gate's lock. */
    private void begin(Registration r) {
        if (System.nanoTime() - r.deadlineNanos > 0) {
            finish(r, timedOut(r));
            return;
        }
        own.settleEnded(r.name);
        Entry holder = table.winner(r.name);
        if (holder != null) {
            finish(r, holder.thread().equals(r.thread));
            return;
        }
        r.reqId = ++nextReqId;
        r.view = peers.view();
        r.gate = r.view.getFirst();
        r.phase = Registration.Phase.GATE;
        r.asked.clear();
        r.awaiting.clear();
        r.entry = null;
        inFlight.put(r.reqId, r);
        ask(r, r.gate, true);
    }

    private void ask(Registration r, Party p, boolean queue) {
        r.asked.add(p);
        r.awaiting.add(p);
        peers.send(p, new NamesProtocol.Lock(r.name, r.reqId, queue));
    }

    void locked(Party from, NamesProtocol.Locked m) {
        Registration r = current(m.reqId(), m.name());
        if (r == null) {
            peers.send(from, new NamesProtocol.Unlock(m.name(), m.reqId())); // an attempt given up: let go
            return;
        }
        if (!r.asked.contains(from) || !r.view.contains(from)) {
            // A Lock sent before this thread handled a connection's loss went over the next
            // connection to that address (the same node, or a new incarnation of it), and was
            // granted there; the attempt goes on without that node, which no Commit will reach.
            // Unreleased, the grant would hold the name's lock there until this node goes.
            peers.send(from, new NamesProtocol.Unlock(m.name(), m.reqId()));
            return;
        }
        if (!r.awaiting.contains(from) || r.phase == Registration.Phase.COMMITTING) {
            return;
        }
        r.awaiting.remove(from);
        if (r.phase == Registration.Phase.GATE) {
            r.phase = Registration.Phase.LOCKING;
            for (Party p : r.view) {
                if (!p.equals(r.gate) && (p.equals(peers.self()) || peers.isUp(p))) { // one lost while in line would never answer
                    ask(r, p, false);
                }
            }
        }
        if (r.awaiting.isEmpty()) {
            commit(r);
        }
    }

    void busy(Party from, NamesProtocol.Busy m) {
        Registration r = current(m.reqId(), m.name());
        if (r == null || !r.awaiting.contains(from)) {
            return;
        }
        abort(r);
        r.attempts++;
        long delay = 1 + ThreadLocalRandom.current().nextLong(1L << Math.min(r.attempts, 8));
        retrying.put(r.reqId, r);
        Messaging.sendAfter(Duration.ofMillis(delay), new NamesRequests.Retry(r.reqId), peers.me());
    }

    void taken(Party from, NamesProtocol.Taken m) {
        Registration r = current(m.reqId(), m.name());
        if (r == null || !r.awaiting.contains(from)) {
            return;
        }
        abort(r);
        finish(r, m.holder() != null && m.holder().thread().equals(r.thread));
    }

    /**
     * The registration's time is up: unless it is committing (then it completes), it lets go of
     * what it holds and fails, so that no registration goes on after its caller was told it failed.
     */
    void expire(long id) {
        Registration r = unfinished.get(id);
        if (r == null || r.phase == Registration.Phase.COMMITTING) {
            return;
        }
        if (waiting.remove(r)) {
            finish(r, timedOut(r));
            return;
        }
        retrying.remove(r.reqId);
        if (inFlight.get(r.reqId) == r) {
            abort(r);
        }
        finish(r, timedOut(r));
    }

    private ThreadwireException timedOut(Registration r) {
        return new ThreadwireException("could not register global name '" + r.name + "' within "
                + timeout.toMillis() + " ms: the cluster kept changing, or a member did not answer");
    }

    void retry(long reqId) {
        Registration r = retrying.remove(reqId);
        if (r != null) {
            begin(r);
        }
    }

    void committed(Party from, NamesProtocol.Committed m) {
        Registration r = current(m.reqId(), m.name());
        if (r != null && r.phase == Registration.Phase.COMMITTING && r.awaiting.remove(from) && r.awaiting.isEmpty()) {
            finish(r, true);
        }
    }

    /** Every lock granted: the name is this thread's; the nodes of the view record it and free their locks. */
    private void commit(Registration r) {
        Claim claim = new Claim(System.currentTimeMillis(), peers.self().address(), peers.self().incarnation(), ++nextSeq);
        Entry entry = new Entry(r.name, r.thread, claim);
        if (table.ownCount() >= maxNames) { // the check at the start counts what may commit; this one holds the limit for sure
            abort(r);
            finish(r, NamesService.limitReached(table.ownCount()));
            return;
        }
        if (!own.own(entry)) { // the thread ended meanwhile
            abort(r);
            finish(r, new NoSuchThreadException(r.thread, r.thread + " ended before it could hold global name '"
                    + r.name + "'"));
            return;
        }
        r.phase = Registration.Phase.COMMITTING;
        settled(r); // its name is among those held now
        r.entry = entry;
        r.awaiting.clear();
        for (Party p : r.view) {
            if (p.equals(peers.self())) {
                grants.releaseLocal(r.name, r.reqId);
            } else {
                if (peers.isUp(p)) { // one lost meanwhile counts as having answered
                    r.awaiting.add(p);
                }
                peers.send(p, new NamesProtocol.Commit(r.name, r.reqId, entry));
            }
        }
        peers.announceToOthers(r.view, entry);
        if (r.awaiting.isEmpty()) {
            finish(r, true);
        }
    }

    /** Gives up the current attempt: every node asked lets go of its lock (or of its place in line). */
    private void abort(Registration r) {
        inFlight.remove(r.reqId);
        for (Party p : r.asked) {
            peers.send(p, new NamesProtocol.Unlock(r.name, r.reqId));
        }
    }

    /**
     * {@code peer} was lost: it leaves the view of every registration under way (one waiting at
     * the gate will not ask it for a lock), and counts as having answered those that wait for it.
     */
    void peerLost(Party peer) {
        for (Registration r : List.copyOf(inFlight.values())) {
            if (!r.view.remove(peer)) {
                continue;
            }
            if (r.phase == Registration.Phase.GATE && peer.equals(r.gate)) {
                inFlight.remove(r.reqId); // nothing was granted: start over with a new gate
                begin(r);
            } else if (r.awaiting.remove(peer) && r.awaiting.isEmpty()) {
                if (r.phase == Registration.Phase.COMMITTING) {
                    finish(r, true);
                } else if (r.phase == Registration.Phase.LOCKING) {
                    commit(r);
                }
            }
        }
    }

    private Registration current(long reqId, String name) {
        Registration r = inFlight.get(reqId);
        return r != null && r.name.equals(name) ? r : null;
    }

    private void finish(Registration r, Object outcome) {
        inFlight.remove(r.reqId);
        unfinished.remove(r.id);
        if (r.phase != Registration.Phase.COMMITTING) {
            settled(r);
        }
        if (outcome instanceof RuntimeException e) {
            r.reply.fail(e);
        } else {
            r.reply.complete(outcome);
        }
        startWaiting();
    }

    private void settled(Registration r) {
        registering.computeIfPresent(r.name, (n, c) -> c == 1 ? null : c - 1);
    }

    /**
     * Begins waiting registrations while there is room. A registration may finish inside its
     * {@code begin} (its name is held already), which calls this again: that inner call leaves
     * the next one to the loop further down the stack, so that however many calls for one name
     * wait, the stack holds one {@code begin} at a time rather than one per waiting call.
     */
    private void startWaiting() {
        if (startingWaiting) {
            return;
        }
        startingWaiting = true;
        try {
            while (!waiting.isEmpty() && inFlight.size() + retrying.size() < maxInFlight) {
                begin(waiting.poll());
            }
        } finally {
            startingWaiting = false;
        }
    }
}
