package io.threadwire.distributed.internal.link;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.ExitHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
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

    /**
     * Files a watch and has {@code sendMonitor} send its Monitor; returns its monitor id. If a
     * loss drains the table meanwhile and takes the watch (it fires {@code noconnection}), the
     * Monitor may still have gone on, on the next channel or kept for it, and the peer would hold
     * it for as long as that channel lasts with nobody to cancel it: {@code sendCancel} then sends
     * a Demonitor behind it (where the Monitor was lost with the channel, the peer finds nothing
     * to cancel). A loss after this returns finds the Monitor sent, or still kept, and then
     * withdraws it with the watch ({@link PeerSlot#sendWatch}). A watch that fired for another
     * reason (its thread's Down, a cancel) needs none. If {@code sendMonitor} throws, the watch is removed and the exception passes on.
     */
    long file(ThreadRef target, ExitHook hook, LongConsumer sendMonitor, LongConsumer sendCancel) {
        long drainsBefore = drains.get();
        long id = add(target, hook);
        try {
            sendMonitor.accept(id);
        } catch (RuntimeException | Error e) {
            byId.remove(id);
            throw e;
        }
        if (!byId.containsKey(id) && drains.get() != drainsBefore) {
            sendCancel.accept(id);
        }
        return id;
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
