package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.Registration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The joins of this node's own threads ({@link Joins}), and per thread the exit hook that
 * takes all of its joins back when it ends. Owned by the groups service's thread.
 */
final class LocalJoins {
    private final Joins<LocalThread> joins = new Joins<>();
    private final Map<LocalThread, Registration> exitHooks = new HashMap<>();

    List<LocalThread> members(String group) {
        return joins.members(group);
    }

    int total() {
        return joins.total();
    }

    int groups() {
        return joins.groups();
    }

    boolean has(String group) {
        return joins.has(group);
    }

    boolean watches(LocalThread thread) {
        return exitHooks.containsKey(thread);
    }

    void watch(LocalThread thread, Registration exitHook) {
        exitHooks.put(thread, exitHook);
    }

    void add(String group, LocalThread thread) {
        joins.add(group, thread);
    }

    /** Takes back one join of {@code thread} to {@code group}; false if it had none. */
    boolean remove(String group, LocalThread thread) {
        if (!joins.remove(group, thread)) {
            return false;
        }
        if (!joins.holds(thread)) {
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
        return joins.removeAll(thread);
    }

    /** Every join, by group, as a peer's Sync carries them. */
    Map<String, List<ThreadRef>> snapshot() {
        return joins.snapshot();
    }
}
