package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watches this node's threads hold on the threads of one other node (monitors, calls,
 * links), by monitor id. Each fires once: whoever removes it from the table fires it, so a
 * {@code Down} from the peer, a lost connection and a cancel cannot both act on one watch.
 */
final class Watches {
    private static final Logger LOG = LoggerFactory.getLogger(Watches.class);

    /** One watch on a thread of the other node. */
    record Watch(ThreadRef target, ExitHook hook) {
        void fire(ExitReason reason) {
            try {
                hook.exited(target, reason);
            } catch (RuntimeException | Error e) {
                LOG.error("a watch on {} failed", target, e);
            }
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong drains = new AtomicLong(); // counted before a drain removes anything
    private final Map<Long, Watch> byId = new ConcurrentHashMap<>();

    /** Files a watch; returns its monitor id. */
    long add(ThreadRef target, ExitHook hook) {
        long id = ids.incrementAndGet();
        byId.put(id, new Watch(target, hook));
        return id;
    }

    /** How many times the table was drained: read before and after something that a drain may overtake. */
    long drains() {
        return drains.get();
    }

    /** Whether watch {@code id} is filed and has not fired. */
    boolean contains(long id) {
        return byId.containsKey(id);
    }

    /** Removes watch {@code id}; true if it had not fired. */
    boolean remove(long id) {
        return byId.remove(id) != null;
    }

    /** The peer reports the end of the thread watched under {@code id}: fires it, if still there. */
    void fire(long id, ExitReason reason) {
        Watch w = byId.remove(id);
        if (w != null) {
            w.fire(reason);
        }
    }

    /** Removes every watch; the caller fires them. */
    List<Watch> drain() {
        drains.incrementAndGet();
        List<Watch> drained = new ArrayList<>();
        for (Long id : List.copyOf(byId.keySet())) {
            Watch w = byId.remove(id);
            if (w != null) {
                drained.add(w);
            }
        }
        return drained;
    }

    int size() {
        return byId.size();
    }
}
