package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's own service threads: what {@link Inbound} wraps messages for (so they know which
 * node sent them) and what the node's listings leave out. Each leaves the set when it ends.
 */
final class Services {
    private final Set<LocalThread> threads = ConcurrentHashMap.newKeySet();
    /**
     * The ids of the services started (kept after they end: the node is closing then), for a
     * look at each message that arrives that neither looks its target up nor boxes its id: a
     * handful, written as each starts.
     */
    private volatile long[] ids = new long[0];

    void add(LocalThread thread) {
        synchronized (this) {
            long[] more = Arrays.copyOf(ids, ids.length + 1);
            more[ids.length] = thread.id();
            ids = more;
        }
        threads.add(thread);
        if (LocalThreads.onExit(thread, (t, r) -> threads.remove(thread)) == null) {
            threads.remove(thread);
        }
    }

    /**
     * Whether {@code target} may name one of the services: a reserved name, or the id of one
     * (of this node or, rarely, of a thread of another incarnation with the same id). Never
     * false for a service; no lookup of the target.
     */
    boolean mayBeService(Wire.Target target) {
        return switch (target) {
            case Wire.ByName n -> isReserved(n.name());
            case Wire.ById b -> isServiceId(b.id());
        };
    }

    private boolean isServiceId(long id) {
        for (long s : ids) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }

    boolean contains(LocalThread thread) {
        return threads.contains(thread);
    }

    static boolean isReserved(String name) {
        return name.startsWith(ClusterPort.RESERVED_PREFIX);
    }
}
