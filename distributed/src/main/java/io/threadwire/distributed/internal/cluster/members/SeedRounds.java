package io.threadwire.distributed.internal.cluster.members;

import io.threadwire.core.NodeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed rounds of one node: which seeds a round dials, what came of them, the phase the
 * node is in and the backoff before the next round. Logs one line per change of phase (and of
 * the reasons seeds fail), never one per attempt. Owned by the membership service's thread.
 *
 * <p>Phases: SEEKING (no seed reached yet, or none since the last one was lost), JOINED (a seed
 * is connected), ALONE (every seed is this node: the first node of its cluster). A node ALONE
 * with no peer asks its provider again at the longest backoff: two nodes that each found only
 * themselves (a DNS answer made before the other was listed) find each other once the answer
 * lists both, as the docs promise of a node with no connection to any seed.
 */
final class SeedRounds {
    private static final Logger LOG = LoggerFactory.getLogger(SeedRounds.class);
    /** Seeds used per round; a provider that gives more has the rest ignored. */
    static final int MAX_SEEDS = 64;

    enum Phase { STARTING, SEEKING, JOINED, ALONE }

    private final String node;
    private final boolean hidden; // a hidden node connects to a seed, and joins no cluster through it
    private final Backoff backoff;
    private final Set<NodeAddress> self = new HashSet<>();   // seeds listed that reached this node
    private final Map<NodeAddress, NodeAddress> reached = new LinkedHashMap<>(); // seed listed -> the peer address it reached
    private final Map<NodeAddress, String> failures = new LinkedHashMap<>();      // this round's
    private List<NodeAddress> listed = List.of(); // the last round's seeds
    private int roundSeeds;     // seeds this round was given (at most MAX_SEEDS)
    private int roundSelf;      // of which reached this node
    private Phase phase = Phase.STARTING;
    private String lastWarning = "";
    private boolean truncationLogged;
    private Duration delay;     // before the next round; null: the first delay
    private int outstanding;    // dials of this round not yet back
    private boolean running;    // a round is under way (resolving or dialing)
    private boolean scheduled;  // a RoundDue is on its way

    SeedRounds(String node, boolean hidden, Backoff backoff) {
        this.node = node;
        this.hidden = hidden;
        this.backoff = backoff;
    }

    Phase phase() {
        return phase;
    }

    /** A round may be scheduled now: none runs and none is scheduled. */
    boolean mayStart() {
        return !running && !scheduled;
    }

    /** Starts a round, unless one runs; false if one does. */
    boolean start() {
        if (running) {
            return false;
        }
        running = true;
        scheduled = false;
        failures.clear();
        return true;
    }

    void scheduledNext() {
        scheduled = true;
    }

    /** The seeds of this round to dial: the first {@link #MAX_SEEDS}, without those that are this node. */
    List<NodeAddress> toDial(List<NodeAddress> resolved) {
        if (resolved.size() > MAX_SEEDS && !truncationLogged) {
            truncationLogged = true;
            LOG.warn("node {}: the seed provider gave {} seeds; using the first {}", node, resolved.size(), MAX_SEEDS);
        }
        listed = List.copyOf(resolved.subList(0, Math.min(MAX_SEEDS, resolved.size())));
        // What the provider no longer lists is forgotten: a peer reached through a seed dropped
        // from the list is no seed any more, and a provider whose answers drift (DNS over a long
        // life) would otherwise grow these without bound.
        self.retainAll(listed);
        reached.keySet().retainAll(listed);
        List<NodeAddress> dial = new ArrayList<>();
        for (NodeAddress a : listed) {
            if (!self.contains(a)) {
                dial.add(a);
            }
        }
        roundSeeds = listed.size();
        roundSelf = roundSeeds - dial.size();
        outstanding = dial.size();
        return dial;
    }

    /** The provider failed or gave nothing: returns the delay before the next round. */
    Duration noSeeds(String why) {
        running = false;
        warn(why);
        return nextDelay();
    }

    /** One seed dial came back; returns true when it was the round's last. */
    boolean dialed(NodeAddress seed, NodeAddress peer, String failure, boolean isSelf) {
        if (peer != null) {
            reached.put(seed, peer);
        } else if (isSelf) {
            self.add(seed);
            roundSelf++;
        } else {
            failures.put(seed, failure);
        }
        return --outstanding <= 0;
    }

    /**
     * The round is over: JOINED if {@code seedUp}, else ALONE if every seed was this node, else
     * SEEKING. Returns the delay before the next round, or null if no round is needed: a seed is
     * up, or the node is ALONE and others have joined it ({@code members} counts this node), so
     * that the loss of its last peer starts rounds again ({@link #seedsLost}).
     */
    Duration roundOver(boolean seedUp, int members) {
        running = false;
        if (seedUp) {
            joined(members);
            return null;
        }
        if (roundSelf == roundSeeds) {
            enter(Phase.ALONE, "node " + node + " is the first node of its cluster: every seed is this node");
            return members > 1 ? null : Backoff.jittered(backoff.max());
        }
        warn(summary());
        return nextDelay();
    }

    /** A seed is connected (by this node's round, or because it connected here). */
    void joined(int members) {
        delay = null;
        if (phase != Phase.JOINED) {
            String seeds = reached.isEmpty() ? "a seed" : "seed " + reached.keySet().iterator().next();
            String how = hidden ? ", hidden: no member of its cluster" : ": " + members + " members";
            enter(Phase.JOINED, (phase == Phase.SEEKING ? "node " + node + " reached " + seeds + " again"
                    : hidden ? "node " + node + " connected to " + seeds
                    : "node " + node + " joined the cluster through " + seeds) + how);
        }
    }

    /** Whether {@code peer} is a seed: listed in the last round, or reached by one as listed. */
    boolean isSeed(NodeAddress peer) {
        return listed.contains(peer) || reached.containsValue(peer);
    }

    /** The last connected seed was lost, or an ALONE node's last peer: rounds start again (logged when they fail). */
    void seedsLost() {
        if (phase == Phase.JOINED) {
            LOG.info("node {} lost its last connected seed; looking for seeds again", node);
        } else if (phase == Phase.ALONE) {
            LOG.info("node {} lost its last peer; asking its seed provider again", node);
        } else {
            return;
        }
        phase = Phase.SEEKING;
        lastWarning = "";
    }

    private Duration nextDelay() {
        delay = backoff.next(delay);
        return Backoff.jittered(delay);
    }

    /**
     * This round's failures in the order the seeds are listed, not the order their dials ended
     * in: dials made at once end in any order, and a summary that changed with it would be
     * warned of again at every other round though nothing changed.
     */
    private String summary() {
        List<String> parts = new ArrayList<>();
        for (NodeAddress seed : listed) {
            String why = failures.get(seed);
            if (why != null) {
                parts.add(seed + ": " + why);
            }
        }
        return String.join("; ", parts);
    }

    private void warn(String why) {
        if (phase != Phase.SEEKING || !why.equals(lastWarning)) {
            LOG.warn("node {}: no seed reachable ({}); retrying with backoff up to {}", node, why,
                    words(backoff.max()));
        } else {
            LOG.debug("node {}: no seed reachable ({})", node, why);
        }
        phase = Phase.SEEKING;
        lastWarning = why;
    }

    static String words(Duration d) {
        return d.toMillis() < 1_000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private void enter(Phase next, String line) {
        if (phase != next) {
            LOG.info(line);
        }
        phase = next;
        lastWarning = "";
    }
}
