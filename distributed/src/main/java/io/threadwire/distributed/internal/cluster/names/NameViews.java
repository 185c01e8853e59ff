package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.ThreadRef;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The global names as this node sees them, published by the names service (its only writer):
 * for each name, the holder whose claim wins in this node's view. Readers never lock and never
 * message.
 */
public final class NameViews {
    private final Map<String, ThreadRef> holders = new ConcurrentHashMap<>();

    /** The thread that holds {@code name} in this node's view. */
    public Optional<ThreadRef> whereis(String name) {
        return Optional.ofNullable(holders.get(name));
    }

    /** The names held in this node's view. */
    public Set<String> names() {
        return Set.copyOf(holders.keySet());
    }

    /** Every name and its holder, sorted by name (a snapshot). */
    public Map<String, ThreadRef> all() {
        return new TreeMap<>(holders);
    }

    void publish(String name, ThreadRef holder) {
        if (holder == null) {
            holders.remove(name);
        } else {
            holders.put(name, holder);
        }
    }
}
