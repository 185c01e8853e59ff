package io.threadwire.distributed.internal.link;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What all peers together make this node keep, against one node-wide limit
 * ({@code LimitConfig.peerStateMemory}): the monitors their threads hold on this node's threads,
 * the links they make, and the signals and answers owed to peers that leave them unread, past
 * each connection's outbound limit ({@link OutboundBudget}). Each peer's own {@link PeerBudget}
 * and each queue's ceiling bound what one peer holds; this bounds the sum, which would otherwise
 * grow with the number of peers, and a holder of the cluster's secret can be as many peers as it
 * has ports.
 *
 * <p>Half-sent messages are not counted here: the node's {@link InboundMemory} bounds them for
 * all peers together already. Thread-safe.
 */
public final class PeerStateMemory {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /** @param limit bytes all peers' entries may take together */
    public PeerStateMemory(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    /** A bound no peer can reach: for tables not filed under a peer yet, and for tests. */
    static PeerStateMemory unbounded() {
        return new PeerStateMemory(Long.MAX_VALUE);
    }

    /** Takes {@code bytes} if all peers then hold at most the limit; false, taking nothing, if not. */
    boolean tryTake(long bytes) {
        for (;;) {
            long u = used.get();
            if (u + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    /** Counts {@code bytes} already in use, even past the limit (none is a no-op). */
    void add(long bytes) {
        if (bytes != 0) {
            used.addAndGet(bytes);
        }
    }

    /** Gives back {@code bytes} taken before (none is a no-op). */
    void give(long bytes) {
        if (bytes != 0) {
            used.addAndGet(-bytes);
        }
    }

    /** Bytes all peers' entries take now. */
    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }
}
