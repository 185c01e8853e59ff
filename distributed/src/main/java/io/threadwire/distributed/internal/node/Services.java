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
 *
 * <p>Of them, those that answer a peer's requests to that peer (the node service, global names)
 * may wait on a peer that leaves its answers unread, while its requests keep coming: a channel's
 * messages for them are bounded ({@code ServiceBacklog}). The others (membership, groups) send to
 * a peer only what their own node's threads do (a join, a leave), or once per connection (a
 * member list), and are not: two nodes whose groups services each sent the other more than it
 * could take at once would then each stop reading the other, both waiting to the send timeout.
 */
final class Services {
    /** The services whose messages from one channel are bounded: see the class comment. */
    private static final Set<String> ANSWERING = Set.of(ClusterPort.RESERVED_PREFIX + "node",
            ClusterPort.RESERVED_PREFIX + "names");

    private final Set<LocalThread> threads = ConcurrentHashMap.newKeySet();
    /**
     * The ids of the answering services started (kept after they end: the node is closing then),
     * for a look at each message that arrives that neither looks its target up nor boxes its id:
     * two, written as each starts. A thread's id is never reused in the JVM, so an id here names
     * one of them and no other thread.
     */
    private volatile long[] answeringIds = new long[0];

    /** {@code thread} is the service registered as {@code name}. */
    void add(LocalThread thread, String name) {
        if (ANSWERING.contains(name)) {
            synchronized (this) {
                long[] more = Arrays.copyOf(answeringIds, answeringIds.length + 1);
                more[answeringIds.length] = thread.id();
                answeringIds = more;
            }
        }
        threads.add(thread);
        if (LocalThreads.onExit(thread, (t, r) -> forget(thread)) == null) {
            forget(thread);
        }
    }

    private void forget(LocalThread thread) {
        threads.remove(thread);
    }

    /**
     * Whether {@code target} may name a service that answers peers: its reserved name, or the id
     * of one (of this node or, rarely, of a thread of another incarnation with the same id).
     * Never false for one; no lookup of the target.
     */
    boolean mayBeAnswering(Wire.Target target) {
        return switch (target) {
            case Wire.ByName n -> ANSWERING.contains(n.name());
            case Wire.ById b -> isAnsweringId(b.id());
        };
    }

    private boolean isAnsweringId(long id) {
        for (long s : answeringIds) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code thread} is a service that answers peers, or was: one that has ended takes no
     * delivery, so its caller releases what it took for it.
     */
    boolean answers(LocalThread thread) {
        return isAnsweringId(thread.id());
    }

    boolean contains(LocalThread thread) {
        return threads.contains(thread);
    }

    static boolean isReserved(String name) {
        return name.startsWith(ClusterPort.RESERVED_PREFIX);
    }
}
