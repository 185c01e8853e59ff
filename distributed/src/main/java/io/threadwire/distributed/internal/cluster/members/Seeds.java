package io.threadwire.distributed.internal.cluster.members;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.ClusterConfig;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The membership service's seed rounds: a round resolves the seeds on a helper thread (a
 * provider may block), dials every seed at once, and when no seed came up schedules the next
 * round with backoff. Rounds run at start and whenever the last connected seed is lost.
 * {@link SeedRounds} keeps the bookkeeping and the log lines. Owned by the membership
 * service's thread.
 */
final class Seeds {
    private final ClusterPort port;
    private final LocalThread service;
    private final ClusterConfig config;
    private final Backoff backoff;
    private final SeedRounds rounds;
    private final Map<NodeAddress, PeerInfo> up; // the service's peers up; read only

    Seeds(ClusterPort port, LocalThread service, Backoff backoff, Map<NodeAddress, PeerInfo> up) {
        this.port = port;
        this.service = service;
        this.config = port.config().cluster();
        this.backoff = backoff;
        this.up = up;
        this.rounds = new SeedRounds(port.address().toString(), port.hidden(), backoff);
    }

    /** The first round, if the node has seeds. */
    void start() {
        if (config.hasSeeds()) {
            startRound();
        }
    }

    /** {@code peer} came up: if it is a seed, the node has joined. */
    void peerUp(PeerInfo peer) {
        if (rounds.isSeed(peer.address())) {
            rounds.joined(up.size() + 1);
        }
    }

    /** A peer was lost: if it was the last seed up, or an ALONE node's last peer, rounds start again. */
    void peerLost() {
        if (config.hasSeeds() && !anySeedUp() && (rounds.phase() != SeedRounds.Phase.ALONE || up.isEmpty())) {
            rounds.seedsLost();
            if (rounds.mayStart()) {
                rounds.scheduledNext();
                Messaging.sendAfter(Backoff.jittered(backoff.first()), new MembersEvents.RoundDue(), service);
            }
        }
    }

    /** Starts a round unless one runs: resolves the seeds on a helper thread; they come back as SeedsResolved. */
    void startRound() {
        if (!rounds.start()) {
            return;
        }
        Thread.ofVirtual().name("threadwire-seeds-" + port.address().port()).start(() -> {
            MembersEvents.SeedsResolved r;
            try {
                r = new MembersEvents.SeedsResolved(List.copyOf(config.seeds().seeds()), null);
            } catch (Exception | LinkageError e) {
                r = new MembersEvents.SeedsResolved(List.of(), "the seed provider " + config.seeds() + " failed: "
                        + Dials.reason(e));
            }
            LocalThreads.deliver(service, r);
        });
    }

    /** Dials every seed of the round at once (seed dials are few: at most {@link SeedRounds#MAX_SEEDS}). */
    void resolved(MembersEvents.SeedsResolved r) {
        if (r.failure() != null || r.seeds().isEmpty()) {
            scheduleRound(rounds.noSeeds(r.failure() != null ? r.failure() : "the seed provider " + config.seeds()
                    + " gave none"));
            return;
        }
        List<NodeAddress> dial = new ArrayList<>();
        for (NodeAddress seed : rounds.toDial(r.seeds())) {
            if (port.isSelf(seed)) {
                rounds.dialed(seed, null, null, true);
            } else {
                dial.add(seed);
            }
        }
        if (dial.isEmpty()) {
            scheduleRound(rounds.roundOver(anySeedUp(), up.size() + 1));
            return;
        }
        for (NodeAddress seed : dial) {
            Dials.dial(port, service, seed, MembersEvents.Purpose.SEED);
        }
    }

    /**
     * A seed dial came back. A member takes a hidden node for no seed: it reached nobody's
     * cluster through it.
     */
    void dialed(MembersEvents.Dialed d) {
        boolean reachedHidden = d.peer() != null && d.peer().hidden() && !port.hidden();
        boolean last = reachedHidden
                ? rounds.dialed(d.address(), null, "a hidden node, no member of a cluster", false)
                : rounds.dialed(d.address(), d.peer() == null ? null : d.peer().address(), d.failure(), d.self());
        if (last) {
            scheduleRound(rounds.roundOver(anySeedUp(), up.size() + 1));
        }
    }

    private void scheduleRound(Duration delay) {
        if (delay != null) {
            rounds.scheduledNext();
            Messaging.sendAfter(delay, new MembersEvents.RoundDue(), service);
        }
    }

    private boolean anySeedUp() {
        for (NodeAddress a : up.keySet()) {
            if (rounds.isSeed(a)) {
                return true;
            }
        }
        return false;
    }
}
