package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The groups as this node sees them, published by the groups service (its only writer) as one
 * immutable view per group: readers never lock and never message.
 */
public final class GroupViews {
    /** One group: every member in the view (one entry per join), and those of this node. */
    record View(List<ThreadRef> all, List<LocalThread> local) {
    }

    private final Map<String, View> views = new ConcurrentHashMap<>();
    /**
     * The groups of {@link #views}, sorted: a listing (the node service's, which any peer may ask
     * for) takes its first groups from here at the cost of those, where copying and sorting every
     * group cost each request the whole cluster's groups.
     */
    private final ConcurrentSkipListSet<String> sorted = new ConcurrentSkipListSet<>();

    /** Every member of {@code group} in this node's view, one entry per join. */
    public List<ThreadRef> members(String group) {
        View v = views.get(group);
        return v == null ? List.of() : v.all();
    }

    /** The members of {@code group} that are threads of this node. */
    public List<LocalThread> localMembers(String group) {
        View v = views.get(group);
        return v == null ? List.of() : v.local();
    }

    /** The groups with at least one member in this node's view. */
    public Set<String> groups() {
        return Set.copyOf(views.keySet());
    }

    /** The first {@code max} groups with at least one member in this node's view, sorted (a snapshot). */
    public List<String> firstGroups(int max) {
        List<String> first = new ArrayList<>();
        for (String g : sorted) {
            if (first.size() >= max) {
                break;
            }
            first.add(g);
        }
        return first;
    }

    /** Publishes the view of {@code group}, taking the lists (which no one else may hold). */
    void publish(String group, List<ThreadRef> all, List<LocalThread> local) {
        if (all.isEmpty()) {
            views.remove(group);
            sorted.remove(group);
        } else {
            views.put(group, new View(Collections.unmodifiableList(all), Collections.unmodifiableList(local)));
            sorted.add(group);
        }
    }
}
