package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.ThreadRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The global names as this node sees them, published by the names service (its only writer):
 * for each name, the holder whose claim wins in this node's view. Readers never lock and never
 * message.
 */
public final class NameViews {
    private final Map<String, ThreadRef> holders = new ConcurrentHashMap<>();
    /**
     * The same, sorted by name: a listing (the node service's, which any peer may ask for) takes
     * its first entries from here at the cost of those, where copying and sorting every name
     * cost each request the whole cluster's names. Lookups stay on the hash map.
     */
    private final ConcurrentSkipListMap<String, ThreadRef> sorted = new ConcurrentSkipListMap<>();

    /** The thread that holds {@code name} in this node's view. */
    public Optional<ThreadRef> whereis(String name) {
        return Optional.ofNullable(holders.get(name));
    }

    /** The names held in this node's view. */
    public Set<String> names() {
        return Set.copyOf(holders.keySet());
    }

    /** The first {@code max} names by name and their holders, in that order (a snapshot). */
    public Map<String, ThreadRef> first(int max) {
        Map<String, ThreadRef> first = new LinkedHashMap<>();
        for (Map.Entry<String, ThreadRef> e : sorted.entrySet()) {
            if (first.size() >= max) {
                break;
            }
            first.put(e.getKey(), e.getValue());
        }
        return first;
    }

    void publish(String name, ThreadRef holder) {
        if (holder == null) {
            holders.remove(name);
            sorted.remove(name);
        } else {
            holders.put(name, holder);
            sorted.put(name, holder);
        }
    }
}
