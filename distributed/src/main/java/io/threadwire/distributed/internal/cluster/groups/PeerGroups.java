package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.ThreadRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One peer's joins as this node knows them (everything about them comes from that peer, over
 * one connection, in order): per group, one entry per join. Owned by the groups service's
 * thread.
 */
final class PeerGroups {
    final long incarnation;
    private final Map<String, List<ThreadRef>> byGroup = new HashMap<>();
    private int total;

    PeerGroups(long incarnation) {
        this.incarnation = incarnation;
    }

    List<ThreadRef> members(String group) {
        return byGroup.getOrDefault(group, List.of());
    }

    Map<String, List<ThreadRef>> all() {
        return byGroup;
    }

    int total() {
        return total;
    }

    int groups() {
        return byGroup.size();
    }

    boolean has(String group) {
        return byGroup.containsKey(group);
    }

    void add(String group, List<ThreadRef> threads) {
        byGroup.computeIfAbsent(group, g -> new ArrayList<>()).addAll(threads);
        total += threads.size();
    }

    /** Takes back one join per entry of {@code threads}; returns the entries that were there. */
    List<ThreadRef> remove(String group, List<ThreadRef> threads) {
        List<ThreadRef> members = byGroup.get(group);
        List<ThreadRef> removed = new ArrayList<>();
        if (members == null) {
            return removed;
        }
        for (ThreadRef t : threads) {
            if (members.remove(t)) {
                removed.add(t);
            }
        }
        total -= removed.size();
        if (members.isEmpty()) {
            byGroup.remove(group);
        }
        return removed;
    }
}
