package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.ThreadRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's joins, per group a counted multiset of threads (a thread that joined twice counts
 * twice, as in Erlang's {@code pg}), and per thread the groups it is in. Adding or taking back
 * one join costs the same however large the group, so a peer's message costs in proportion to
 * its own length; listing a group costs its size. Owned by the groups service's thread.
 */
final class Joins<T extends ThreadRef> {
    private final Map<String, Map<T, Integer>> byGroup = new HashMap<>();
    private final Map<T, Map<String, Integer>> byThread = new HashMap<>();
    private int total;

    /** Joins held, each counted. */
    int total() {
        return total;
    }

    /** Groups with at least one join. */
    int groups() {
        return byGroup.size();
    }

    boolean has(String group) {
        return byGroup.containsKey(group);
    }

    /** Whether {@code thread} holds any join. */
    boolean holds(T thread) {
        return byThread.containsKey(thread);
    }

    /** The groups with at least one join. */
    Set<String> groupNames() {
        return byGroup.keySet();
    }

    /** The members of {@code group}, one entry per join, each thread's entries together, in order of first join. */
    List<T> members(String group) {
        Map<T, Integer> counts = byGroup.get(group);
        if (counts == null) {
            return List.of();
        }
        List<T> all = new ArrayList<>();
        counts.forEach((t, n) -> {
            for (int i = 0; i < n; i++) {
                all.add(t);
            }
        });
        return all;
    }

    /** Adds one join of {@code thread} to {@code group}. */
    void add(String group, T thread) {
        byGroup.computeIfAbsent(group, g -> new LinkedHashMap<>()).merge(thread, 1, Integer::sum);
        byThread.computeIfAbsent(thread, t -> new HashMap<>()).merge(group, 1, Integer::sum);
        total++;
    }

    /** Takes back one join of {@code thread} to {@code group}; false if it had none. */
    boolean remove(String group, T thread) {
        Map<T, Integer> counts = byGroup.get(group);
        Integer n = counts == null ? null : counts.get(thread);
        if (n == null) {
            return false;
        }
        if (decrement(counts, thread, n)) {
            byGroup.remove(group);
        }
        Map<String, Integer> groups = byThread.get(thread);
        if (decrement(groups, group, groups.get(group))) {
            byThread.remove(thread);
        }
        total--;
        return true;
    }

    /** Takes back every join of {@code thread}: per group, one entry per join removed. */
    Map<String, List<ThreadRef>> removeAll(T thread) {
        Map<String, Integer> groups = byThread.remove(thread);
        Map<String, List<ThreadRef>> removed = new LinkedHashMap<>();
        if (groups == null) {
            return removed;
        }
        groups.forEach((group, n) -> {
            Map<T, Integer> counts = byGroup.get(group);
            counts.remove(thread);
            if (counts.isEmpty()) {
                byGroup.remove(group);
            }
            removed.put(group, List.copyOf(Collections.nCopies(n, thread))); // a list every node admits
            total -= n;
        });
        return removed;
    }

    /** Every join, by group, one entry per join. */
    Map<String, List<ThreadRef>> snapshot() {
        Map<String, List<ThreadRef>> all = new HashMap<>();
        for (String g : byGroup.keySet()) {
            all.put(g, List.copyOf(members(g)));
        }
        return all;
    }

    /** Counts one less of {@code key}, which {@code map} counts {@code n} times; true if the map is empty then. */
    private static <K> boolean decrement(Map<K, Integer> map, K key, int n) {
        if (n == 1) {
            map.remove(key);
            return map.isEmpty();
        }
        map.put(key, n - 1);
        return false;
    }
}
