package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.GroupEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads of this node that monitor groups, and the events they are sent, in the order
 * this node's view changes. Owned by the groups service's thread.
 */
final class GroupMonitors {
    /** Monitors of local threads a node keeps at most. */
    static final int MAX = 100_000;

    private record Entry(long id, String group, LocalThread watcher, Registration watcherExit) {
    }

    private final Map<Long, Entry> byId = new HashMap<>();
    private final Map<String, List<Entry>> byGroup = new HashMap<>();
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
        byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(e);
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
        List<Entry> of = byGroup.get(e.group());
        of.remove(e);
        if (of.isEmpty()) {
            byGroup.remove(e.group());
        }
        return true;
    }

    void joined(String group, List<ThreadRef> threads) {
        if (!threads.isEmpty() && byGroup.containsKey(group)) {
            tell(group, new GroupEvent.Joined(group, threads));
        }
    }

    void left(String group, List<ThreadRef> threads) {
        if (!threads.isEmpty() && byGroup.containsKey(group)) {
            tell(group, new GroupEvent.Left(group, threads));
        }
    }

    private void tell(String group, GroupEvent event) {
        List<Entry> watching = byGroup.get(group);
        if (watching != null) {
            for (Entry e : watching) {
                LocalThreads.deliver(e.watcher(), event);
            }
        }
    }
}
