package io.threadwire.distributed.internal.cluster.members;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.ClusterConfig;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership service's dials of members: those a peer's member list names (gossip) and
 * those lost without a goodbye. At most {@link #MAX_DIALS} run at once, each on a helper
 * virtual thread that reports back by message ({@link MembersEvents.Dialed}); the rest wait in
 * a queue. A lost member, or one heard of and not reached, is dialed again with backoff for
 * {@code lostMemberRetention}, which is what heals a partition. The queue, the lost members and
 * those heard of and not reached are each bounded by {@code maxMembers} (the oldest is forgotten
 * first), apart: addresses that peers name and nobody reaches never push out a member really
 * lost, whose redials are what heals a partition. Owned by the membership service's thread.
 */
final class Dials {
    private static final Logger LOG = LoggerFactory.getLogger(Dials.class);
    static final int MAX_DIALS = 8;

    /** A member lost without a goodbye, or heard of and not reached: since when, and the delay before its next dial. */
    private record Lost(Instant since, Duration delay) {
    }

    private final ClusterPort port;
    private final LocalThread service;
    private final ClusterConfig config;
    private final Backoff backoff;
    private final int maxMembers;
    private final Map<NodeAddress, PeerInfo> up;                               // the service's members up; read only
    private final Set<NodeAddress> dialing = new HashSet<>();
    private final LinkedHashSet<NodeAddress> queue = new LinkedHashSet<>();     // waiting for a slot
    private final Map<NodeAddress, Lost> lost = new LinkedHashMap<>();          // lost without a goodbye, oldest first
    private final Map<NodeAddress, Lost> unreached = new LinkedHashMap<>();     // heard of, never reached, oldest first

    Dials(ClusterPort port, LocalThread service, Backoff backoff, Map<NodeAddress, PeerInfo> up) {
        this.port = port;
        this.service = service;
        this.config = port.config().cluster();
        this.backoff = backoff;
        this.maxMembers = port.config().clusterLimits().maxMembers();
        this.up = up;
    }

    /** {@code address} is connected: it needs no dial. */
    void connected(NodeAddress address) {
        lost.remove(address);
        unreached.remove(address);
        queue.remove(address);
    }

    /** A member's list names {@code address}: dial it unless it is up, being dialed, this node, or the queue is full. */
    void heardOf(NodeAddress address) {
        if (!up.containsKey(address) && !dialing.contains(address) && !port.isSelf(address) && queue.size() < maxMembers) {
            queue.add(address);
        }
    }

    /** Starts queued dials while slots are free. */
    void pump() {
        Iterator<NodeAddress> it = queue.iterator();
        while (dialing.size() < MAX_DIALS && it.hasNext()) {
            NodeAddress a = it.next();
            it.remove();
            if (!up.containsKey(a) && !dialing.contains(a)) {
                dialing.add(a);
                dial(port, service, a, retried(a) != null ? MembersEvents.Purpose.LOST : MembersEvents.Purpose.GOSSIP);
            }
        }
    }

    /** A member was lost without a goodbye: dial it again after the first backoff. */
    void lost(NodeAddress address) {
        unreached.remove(address);
        remember(lost, address);
        schedule(Backoff.jittered(backoff.first()), address);
    }

    /** A gossip or lost-member dial came back. */
    void dialed(MembersEvents.Dialed d) {
        dialing.remove(d.address());
        if (d.peer() == null && !d.self() && retried(d.address()) == null && !up.containsKey(d.address())) {
            remember(unreached, d.address()); // a member heard of and not reached (yet): tried again with backoff
        }
        Map<NodeAddress, Lost> retried = retried(d.address());
        Lost l = retried == null ? null : retried.get(d.address());
        if (l != null) {
            // Dialed again even when this dial connected: the connection may yet be refused (the
            // cluster is full), and nothing else would dial it again. Once it is up as a member,
            // connected() has forgotten it and the redial that falls due does nothing.
            Duration since = Duration.between(l.since(), Instant.now());
            if (since.compareTo(config.lostMemberRetention()) > 0) {
                retried.remove(d.address());
                if (d.peer() == null) {
                    LOG.info("node {}: stopped dialing {}, lost {} s ago", port.address(), d.address(), since.toSeconds());
                }
            } else {
                Duration next = backoff.next(l.delay());
                retried.put(d.address(), new Lost(l.since(), next));
                schedule(Backoff.jittered(next), d.address());
            }
        }
        pump();
    }

    /** A lost member's backoff is over. */
    void redial(NodeAddress address) {
        if (retried(address) != null && !up.containsKey(address) && !dialing.contains(address)) {
            if (dialing.size() < MAX_DIALS) {
                dialing.add(address);
                dial(port, service, address, MembersEvents.Purpose.LOST);
            } else {
                queue.add(address);
            }
        }
    }

    /**
     * Dials {@code address} on a helper thread (a connect blocks), which delivers the outcome to
     * {@code service} as a {@link MembersEvents.Dialed}.
     */
    static void dial(ClusterPort port, LocalThread service, NodeAddress address, MembersEvents.Purpose purpose) {
        Duration timeout = port.config().timeouts().connect();
        Thread.ofVirtual().name("threadwire-dial-" + address).start(() -> {
            MembersEvents.Dialed result;
            try {
                result = new MembersEvents.Dialed(address, purpose, port.connect(address, timeout), null, false);
            } catch (RuntimeException e) {
                result = new MembersEvents.Dialed(address, purpose, null, reason(e), port.isSelf(address));
            }
            LocalThreads.deliver(service, result);
        });
    }

    /** The root cause of {@code e}, in words. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** The table that files {@code address} to be dialed again ({@link #lost} or {@link #unreached}), or null. */
    private Map<NodeAddress, Lost> retried(NodeAddress address) {
        return lost.containsKey(address) ? lost : unreached.containsKey(address) ? unreached : null;
    }

    /** Files {@code address} in {@code table} to dial again with backoff, forgetting the table's oldest if it is full. */
    private void remember(Map<NodeAddress, Lost> table, NodeAddress address) {
        if (table.size() >= maxMembers) {
            Iterator<NodeAddress> oldest = table.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        table.put(address, new Lost(Instant.now(), backoff.first()));
    }

    private void schedule(Duration delay, NodeAddress address) {
        Messaging.sendAfter(delay, new MembersEvents.RedialDue(address), service);
    }
}
