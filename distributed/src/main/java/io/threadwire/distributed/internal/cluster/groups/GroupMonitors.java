package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.GroupEvent;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The threads of this node that monitor groups, each told of its group's changes by
 * {@link ViewChanges}, in the order this node's view changed. Owned by the groups service's
 * thread.
 */
final class GroupMonitors {
    /** Monitors of local threads a node keeps at most. */
    static final int MAX = 100_000;

    private record Entry(long id, String group, LocalThread watcher, Registration watcherExit) {
    }

    private final Map<Long, Entry> byId = new HashMap<>();
    private final Map<String, Set<Entry>> byGroup = new HashMap<>();
    private long nextId;

    int size() {
        return byId.size();
    }

    long newId() {
        return ++nextId;
    }

    void add(long id, String group, LocalThread watcher, Registration watcherExit) {
        Entry e = new Entry(id, group, watcher, watcherExit);
        byId.put(id, e);
        byGroup.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(e);
    }

    /** Ends monitor {@code id}; false if it had ended. */
    boolean remove(long id) {
        Entry e = byId.remove(id);
        if (e == null) {
            return false;
        }
        if (e.watcherExit() != null) {
            e.watcherExit().cancel();
        }
        Set<Entry> of = byGroup.get(e.group());
        of.remove(e);
        if (of.isEmpty()) {
            byGroup.remove(e.group());
        }
        return true;
    }

    /** Whether a thread monitors {@code group}. */
    boolean watches(String group) {
        return byGroup.containsKey(group);
    }

    /** Delivers {@code event} to every monitor of its group now. */
    void tell(GroupEvent event) {
        Set<Entry> watching = byGroup.get(event.group());
        if (watching != null) {
            for (Entry e : watching) {
                LocalThreads.deliver(e.watcher(), event);
            }
        }
    }
}
