package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.logging.PeerText;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one other node makes this node hold, against one limit ({@code LimitConfig.peerBudget}):
 * the monitors its threads hold on this node's threads, the links they make, and the messages
 * it has half sent (their bytes). What the cluster services keep for it (group memberships,
 * global names, locks) is not charged here: {@code ClusterLimits} bounds it per peer, and
 * {@code maxMembers} the peers. Each kind costs an estimate of the heap it takes. Whatever charges
 * releases the same amount when the state goes, once; a charge that would pass the limit is
 * refused, and the peer's connection is closed with the reason logged: a peer over budget is
 * cut off, never served at the cost of the others.
 *
 * <p>Monitors and links are {@linkplain #chargeEntry entries}: they count against what all
 * peers together may hold too ({@link PeerStateMemory}), and one that would pass that bound is
 * refused in the same way.
 *
 * <p>Thread-safe: charged and released from readers, exit hooks and services' threads.
 */
public final class PeerBudget {
    private static final Logger LOG = LoggerFactory.getLogger(PeerBudget.class);
    /** A monitor the peer holds on a thread of this node: its entry, its exit hook. */
    public static final long MONITOR_COST = 256;
    /** A link the peer made to a thread of this node: its entry, two hooks and a watch back. */
    public static final long LINK_COST = 512;

    private final String peer;
    private final long limit;
    private final PeerStateMemory allPeers;
    private final AtomicLong used = new AtomicLong();
    private volatile Consumer<String> overBudget = reason -> { };

    /**
     * @param peer     names the peer in the log line of a refusal
     * @param allPeers what all peers' entries may take together
     */
    public PeerBudget(String peer, long limit, PeerStateMemory allPeers) {
        this.peer = peer;
        this.limit = limit;
        this.allPeers = allPeers;
    }

    /** A budget whose entries count against no node-wide bound. */
    public PeerBudget(String peer, long limit) {
        this(peer, limit, PeerStateMemory.unbounded());
    }

    /** Sets what happens to a peer over budget: its link closes its connection. */
    void onOverBudget(Consumer<String> action) {
        this.overBudget = action;
    }

    /**
     * Charges {@code bytes} for {@code what} (e.g. "a monitor"). Returns false, charging nothing,
     * if that would pass the limit: the peer's connection is then closed, with the reason logged
     * at WARN, and the caller keeps nothing for the peer.
     */
    public boolean charge(String what, long bytes) {
        if (chargeWithin(bytes, limit)) {
            return true;
        }
        String reason = "the peer went over its budget of " + limit + " bytes of state on this node (it holds "
                + used.get() + "; " + PeerText.safe(what) + " would take " + bytes + " more)";
        LOG.warn("closing the connection with {}: {}", peer, reason);
        overBudget.accept(reason);
        return false;
    }

    /**
     * Charges an entry the peer makes this node keep ({@code what}: "a monitor", "a link"), to
     * this peer and to what all peers hold together. Returns false, charging nothing, if that
     * would pass either bound: the peer's connection is then closed, with the reason logged, as
     * {@link #charge} does. Given back with {@link #releaseEntry}.
     */
    public boolean chargeEntry(String what, long bytes) {
        if (!charge(what, bytes)) {
            return false;
        }
        if (allPeers.tryTake(bytes)) {
            return true;
        }
        release(bytes);
        String reason = "this node's peers together hold " + allPeers.used() + " bytes of monitors, links and unread signals, the"
                + " most it keeps (peerStateMemory " + allPeers.limit() + "); " + PeerText.safe(what)
                + " would take " + bytes + " more";
        LOG.warn("closing the connection with {}: {}", peer, reason);
        overBudget.accept(reason);
        return false;
    }

    /** Gives back an entry charged with {@link #chargeEntry}. */
    public void releaseEntry(long bytes) {
        release(bytes);
        allPeers.give(bytes);
    }

    /**
     * Charges {@code bytes} if the peer then holds at most half its limit; false, charging nothing
     * and closing nothing, if not. For what the node would like to hold but can do without (a
     * reassembly buffer's room to grow into), so that it never takes what the peer's other state
     * needs.
     */
    public boolean tryChargeSurplus(long bytes) {
        return chargeWithin(bytes, limit / 2);
    }

    /** Charges {@code bytes} if the peer then holds at most {@code most}; false, charging nothing, if not. */
    private boolean chargeWithin(long bytes, long most) {
        for (;;) {
            long u = used.get();
            if (u + bytes > most) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} charged before. */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes charged now. */
    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }
}
