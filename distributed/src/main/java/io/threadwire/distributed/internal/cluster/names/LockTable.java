package io.threadwire.distributed.internal.cluster.names;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The locks this node grants on names, one holder per name, and the registrations waiting in
 * line for a lock at this node (as a registration's gate). Owned by the names service's thread.
 */
final class LockTable {
    /** A registration: its registrar and its id there. */
    record Holder(Party party, long reqId) {
    }

    private final Map<String, Holder> locks = new HashMap<>();
    private final Map<String, ArrayDeque<Holder>> waiting = new HashMap<>();
    private final Map<Party, Integer> perParty = new HashMap<>(); // locks held plus places in line, per registrar

    Holder holder(String name) {
        return locks.get(name);
    }

    /** How many locks and places in line {@code party} has here. */
    int count(Party party) {
        return perParty.getOrDefault(party, 0);
    }

    void take(String name, Holder h) {
        locks.put(name, h);
        count(h.party(), 1);
    }

    void enqueue(String name, Holder h) {
        waiting.computeIfAbsent(name, n -> new ArrayDeque<>()).add(h);
        count(h.party(), 1);
    }

    /** Frees the lock on {@code name} if {@code h} holds it; true if it did. */
    boolean release(String name, Holder h) {
        if (!h.equals(locks.get(name))) {
            return false;
        }
        locks.remove(name);
        count(h.party(), -1);
        return true;
    }

    /** Takes {@code h} out of the line for {@code name}; true if it was there. */
    boolean leaveLine(String name, Holder h) {
        ArrayDeque<Holder> line = waiting.get(name);
        if (line == null || !line.remove(h)) {
            return false;
        }
        count(h.party(), -1);
        if (line.isEmpty()) {
            waiting.remove(name);
        }
        return true;
    }

    /** The next in line for {@code name}, taken out of the line, or null. */
    Holder next(String name) {
        ArrayDeque<Holder> line = waiting.get(name);
        if (line == null) {
            return null;
        }
        Holder h = line.poll();
        if (line.isEmpty()) {
            waiting.remove(name);
        }
        if (h != null) {
            count(h.party(), -1);
        }
        return h;
    }

    /** Frees every lock {@code party} holds and takes it out of every line; returns the names whose lock was freed. */
    List<String> dropParty(Party party) {
        List<String> freed = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, Holder>> it = locks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Holder> e = it.next();
            if (e.getValue().party().equals(party)) {
                it.remove();
                freed.add(e.getKey());
            }
        }
        for (Iterator<Map.Entry<String, ArrayDeque<Holder>>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ArrayDeque<Holder>> e = it.next();
            e.getValue().removeIf(h -> h.party().equals(party));
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
        perParty.remove(party);
        return freed;
    }

    private void count(Party p, int delta) {
        perParty.merge(p, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
