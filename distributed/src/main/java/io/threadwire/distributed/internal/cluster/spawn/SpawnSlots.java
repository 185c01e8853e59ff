package io.threadwire.distributed.internal.cluster.spawn;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.ClusterLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The places for threads other nodes start here: {@code maxRemoteSpawned} in all, of which one
 * requesting node holds at most {@code maxRemoteSpawnedPerPeer}, so that a node that spawns
 * without end (broken or hostile) leaves room for the others. A place is taken on the node
 * service's thread and given back on the spawned thread as it ends; thread-safe. Keeps one
 * counter per node with threads running here, and none for a node without. A node is keyed by
 * the address it claims, as the handshake checked it: the shared secret tells holders apart no
 * better, so a holder under several addresses holds several shares, all within the total.
 */
final class SpawnSlots {
    private final int max;
    private final int maxPerPeer;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<NodeAddress, Integer> perPeer = new ConcurrentHashMap<>();

    SpawnSlots(ClusterLimits limits) {
        this.max = limits.maxRemoteSpawned();
        this.maxPerPeer = limits.maxRemoteSpawnedPerPeer();
    }

    /**
     * Takes a place for a thread spawned at the request of {@code requester} (another node; null
     * is bound by the total only, though {@link Spawnables} takes no place for this node's own);
     * returns null, or the bound it hit if there is no place.
     */
    String take(NodeAddress requester) {
        if (running.incrementAndGet() > max) {
            running.decrementAndGet();
            return max + " spawned threads, its limit (ClusterLimits.maxRemoteSpawned)";
        }
        if (requester == null) {
            return null;
        }
        boolean[] taken = new boolean[1];
        perPeer.compute(requester, (a, n) -> {
            int held = n == null ? 0 : n;
            taken[0] = held < maxPerPeer;
            return taken[0] ? held + 1 : n;
        });
        if (!taken[0]) {
            running.decrementAndGet();
            return maxPerPeer + " threads spawned at the request of " + requester
                    + ", the limit per node (ClusterLimits.maxRemoteSpawnedPerPeer)";
        }
        return null;
    }

    /** Gives back the place of a thread of {@code requester} that ended. */
    void give(NodeAddress requester) {
        if (requester != null) {
            perPeer.computeIfPresent(requester, (a, n) -> n == 1 ? null : n - 1);
        }
        running.decrementAndGet();
    }
}
