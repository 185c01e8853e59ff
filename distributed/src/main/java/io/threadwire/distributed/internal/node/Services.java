package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.spi.LocalThreads;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's own service threads: what {@link Inbound} wraps messages for (so they know which
 * node sent them) and what the node's listings leave out. Each leaves the set when it ends.
 */
final class Services {
    private final Set<LocalThread> threads = ConcurrentHashMap.newKeySet();

    void add(LocalThread thread) {
        threads.add(thread);
        if (LocalThreads.onExit(thread, (t, r) -> threads.remove(thread)) == null) {
            threads.remove(thread);
        }
    }

    boolean contains(LocalThread thread) {
        return threads.contains(thread);
    }

    static boolean isReserved(String name) {
        return name.startsWith(ClusterPort.RESERVED_PREFIX);
    }
}
