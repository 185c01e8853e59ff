package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.Registration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The joins of this node's own threads: per group, one entry per join (counted, as Erlang's
 * {@code pg}); per thread, the exit hook that takes all of its joins back when it ends. Owned
 * by the groups service's thread.
 */
final class LocalJoins {
    private final Map<String, List<LocalThread>> byGroup = new LinkedHashMap<>();
    private final Map<LocalThread, Registration> exitHooks = new HashMap<>();
    private int total;

    List<LocalThread> members(String group) {
        return byGroup.getOrDefault(group, List.of());
    }

    int total() {
        return total;
    }

    int groups() {
        return byGroup.size();
    }

    boolean watches(LocalThread thread) {
        return exitHooks.containsKey(thread);
    }

    void watch(LocalThread thread, Registration exitHook) {
        exitHooks.put(thread, exitHook);
    }

    void add(String group, LocalThread thread) {
        byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(thread);
        total++;
    }

    /** Takes back one join of {@code thread} to {@code group}; false if it had none. */
    boolean remove(String group, LocalThread thread) {
        List<LocalThread> members = byGroup.get(group);
        if (members == null || !members.remove(thread)) {
            return false;
        }
        total--;
        if (members.isEmpty()) {
            byGroup.remove(group);
        }
        if (!isMember(thread)) {
            Registration hook = exitHooks.remove(thread);
            if (hook != null) {
                hook.cancel();
            }
        }
        return true;
    }

    /** Takes back every join of {@code thread}, which ended: per group, the entries removed. */
    Map<String, List<ThreadRef>> removeAll(LocalThread thread) {
        exitHooks.remove(thread);
        Map<String, List<ThreadRef>> removed = new LinkedHashMap<>();
        for (var it = byGroup.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            List<ThreadRef> taken = new ArrayList<>();
            while (e.getValue().remove(thread)) {
                taken.add(thread);
            }
            if (!taken.isEmpty()) {
                total -= taken.size();
                removed.put(e.getKey(), taken);
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        return removed;
    }

    /** Every join, by group, as a peer's Sync carries them. */
    Map<String, List<ThreadRef>> snapshot() {
        Map<String, List<ThreadRef>> all = new HashMap<>();
        byGroup.forEach((g, members) -> all.put(g, List.copyOf(members)));
        return all;
    }

    private boolean isMember(LocalThread thread) {
        for (List<LocalThread> members : byGroup.values()) {
            if (members.contains(thread)) {
                return true;
            }
        }
        return false;
    }
}
