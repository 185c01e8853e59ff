package io.threadwire.distributed.internal.cluster.members;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.ClusterConfig;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.Service;
import io.threadwire.distributed.internal.cluster.protocol.MembersProtocol;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.distributed.internal.node.ServiceMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership service ({@code threadwire.members}): makes the connected part of a cluster a
 * full mesh and keeps it one. On each new connection with a member, both sides send each other
 * the members they are connected with ({@link MembersProtocol.Hello}) and dial those they lack
 * (Erlang's {@code connect_all}): a node that joins through one seed meets every member. Seeds
 * are dialed in rounds ({@link SeedRounds}) at start and whenever no seed is connected; a member
 * lost without saying goodbye is dialed again with backoff for {@code lostMemberRetention},
 * which is what heals a partition.
 *
 * <p>At most {@link #MAX_DIALS} dials run at once, each on a helper virtual thread that reports
 * back by message; the rest wait in a queue bounded by {@code maxMembers}.
 */
public final class MembershipService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipService.class);
    static final int PROTOCOL = 1;
    static final int MAX_DIALS = 8;

    /** A member lost without a goodbye, or learned of and not reached: since when, and the delay before its next dial. */
    private record Lost(Instant since, Duration delay) {
    }

    private final ClusterPort port;
    private final ClusterConfig config;
    private final ClusterLimits limits;
    private final String service;
    private final SeedRounds rounds;
    private final Backoff backoff;
    private final Map<NodeAddress, PeerInfo> up = new HashMap<>();              // members connected, by address
    private final Set<NodeAddress> dialing = new HashSet<>();
    private final LinkedHashSet<NodeAddress> queue = new LinkedHashSet<>();     // gossip dials waiting for a slot
    private final Map<NodeAddress, Lost> lost = new LinkedHashMap<>();          // oldest first
    private final Set<NodeAddress> warnedFull = new HashSet<>();
    private LocalThread me;

    public MembershipService(ClusterPort port, String service) {
        this.port = port;
        this.config = port.config().cluster();
        this.limits = port.config().clusterLimits();
        this.service = service;
        this.backoff = new Backoff(config.retryFirst(), config.retryMax());
        this.rounds = new SeedRounds(port.address().toString(), backoff);
    }

    @Override
    public void start() {
        me = Messaging.self();
        for (PeerInfo p : port.subscribe(me).up()) {
            peerUp(p);
        }
        if (config.hasSeeds()) {
            startRound();
        }
    }

    @Override
    public void handle(Object message) {
        switch (message) {
            case PeerEvent.PeerUp u -> peerUp(u.peer());
            case PeerEvent.PeerDown d -> peerDown(d.peer(), d.left());
            case ServiceMessage(PeerInfo from, MembersProtocol.Hello hello) -> hello(from, hello);
            case MembersEvents.SeedsResolved r -> seedsResolved(r);
            case MembersEvents.Dialed d -> dialed(d);
            case MembersEvents.RoundDue r -> startRound();
            case MembersEvents.RedialDue r -> redial(r.address());
            default -> LOG.debug("{}: ignored {}", service, message.getClass().getName());
        }
    }

    // ---- peers -------------------------------------------------------------------------------------

    private void peerUp(PeerInfo p) {
        if (p.hidden()) {
            return;
        }
        if (up.size() + 1 >= limits.maxMembers() && !up.containsKey(p.address())) {
            if (warnedFull.add(p.address())) {
                LOG.warn("node {}: the cluster is full ({} members, ClusterLimits.maxMembers); disconnecting {}",
                        port.address(), limits.maxMembers(), p.address());
            }
            port.disconnect(p, "the cluster is full (maxMembers " + limits.maxMembers() + ")");
            return;
        }
        up.put(p.address(), p);
        lost.remove(p.address());
        queue.remove(p.address());
        List<NodeAddress> others = new ArrayList<>();
        for (NodeAddress a : up.keySet()) {
            if (!a.equals(p.address())) {
                others.add(a);
            }
        }
        port.sendIfConnected(RemoteThread.named(p.address(), service), new MembersProtocol.Hello(PROTOCOL, others));
        if (rounds.isSeed(p.address())) {
            rounds.joined(up.size() + 1);
        }
    }

    private void peerDown(PeerInfo p, boolean left) {
        PeerInfo known = up.get(p.address());
        if (known == null || known.incarnation() != p.incarnation()) {
            return;
        }
        up.remove(p.address());
        if (!left) {
            remember(p.address());
            schedule(Backoff.jittered(backoff.first()), new MembersEvents.RedialDue(p.address()));
        }
        if (config.hasSeeds() && !anySeedUp()) {
            rounds.seedsLost();
            if (rounds.mayStart()) {
                rounds.scheduledNext();
                schedule(Backoff.jittered(backoff.first()), new MembersEvents.RoundDue());
            }
        }
    }

    /** Files {@code address} as a member to dial again with backoff, forgetting the oldest if there are too many. */
    private void remember(NodeAddress address) {
        if (lost.size() >= limits.maxMembers()) {
            Iterator<NodeAddress> oldest = lost.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        lost.put(address, new Lost(Instant.now(), backoff.first()));
    }

    private void hello(PeerInfo from, MembersProtocol.Hello hello) {
        if (from.hidden()) {
            return;
        }
        PeerInfo known = up.get(from.address());
        if (known == null || known.incarnation() != from.incarnation()) {
            // A connection's loss reaches this thread after its last message and before any of the
            // next one's, so a peer not up here is one whose Hello overtook its PeerUp: dropping
            // the Hello would lose the members it names, and the mesh with them.
            if (known != null) {
                peerDown(known, false);
            }
            peerUp(from);
            if (!up.containsKey(from.address())) {
                return; // refused: the cluster is full
            }
        }
        if (hello.members().size() > limits.maxMembers()) {
            LOG.warn("node {}: {} sent a member list of {} entries, over maxMembers ({}); disconnecting it. Give every"
                    + " node the same ClusterLimits", port.address(), from.address(), hello.members().size(), limits.maxMembers());
            port.disconnect(from, "maxMembers (" + limits.maxMembers() + ") exceeded");
            return;
        }
        for (NodeAddress a : hello.members()) {
            if (!up.containsKey(a) && !dialing.contains(a) && !port.isSelf(a) && queue.size() < limits.maxMembers()) {
                queue.add(a);
            }
        }
        pump();
    }

    // ---- dialing ----------------------------------------------------------------------------------

    private void pump() {
        Iterator<NodeAddress> it = queue.iterator();
        while (dialing.size() < MAX_DIALS && it.hasNext()) {
            NodeAddress a = it.next();
            it.remove();
            if (!up.containsKey(a) && !dialing.contains(a)) {
                dial(a, lost.containsKey(a) ? MembersEvents.Purpose.LOST : MembersEvents.Purpose.GOSSIP);
            }
        }
    }

    private void dial(NodeAddress address, MembersEvents.Purpose purpose) {
        if (purpose != MembersEvents.Purpose.SEED) {
            dialing.add(address);
        }
        Duration timeout = port.config().timeouts().connect();
        LocalThread service = me;
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

    private void dialed(MembersEvents.Dialed d) {
        if (d.peer() != null) {
            LOG.debug("node {}: connected to {} ({})", port.address(), d.address(), d.purpose());
        } else {
            LOG.debug("node {}: could not connect to {} ({}): {}", port.address(), d.address(), d.purpose(), d.failure());
        }
        if (d.purpose() == MembersEvents.Purpose.SEED) {
            if (rounds.dialed(d.address(), d.peer() == null ? null : d.peer().address(), d.failure(), d.self())) {
                scheduleRound(rounds.roundOver(anySeedUp(), up.size() + 1));
            }
            return;
        }
        dialing.remove(d.address());
        if (d.peer() == null && !d.self() && !lost.containsKey(d.address()) && !up.containsKey(d.address())) {
            remember(d.address()); // a member learned of and not reached (yet): tried again as a lost one
        }
        Lost l = lost.get(d.address());
        if (d.peer() == null && l != null) {
            Duration since = Duration.between(l.since(), Instant.now());
            if (since.compareTo(config.lostMemberRetention()) > 0) {
                lost.remove(d.address());
                LOG.info("node {}: stopped dialing {}, lost {} s ago", port.address(), d.address(), since.toSeconds());
            } else {
                Duration next = backoff.next(l.delay());
                lost.put(d.address(), new Lost(l.since(), next));
                schedule(Backoff.jittered(next), new MembersEvents.RedialDue(d.address()));
            }
        }
        pump();
    }

    private void redial(NodeAddress address) {
        if (lost.containsKey(address) && !up.containsKey(address) && !dialing.contains(address)) {
            if (dialing.size() < MAX_DIALS) {
                dial(address, MembersEvents.Purpose.LOST);
            } else {
                queue.add(address);
            }
        }
    }

    // ---- seed rounds ------------------------------------------------------------------------------

    /** Resolves the seeds on a helper thread (the provider may block); they come back as SeedsResolved. */
    private void startRound() {
        if (!rounds.start()) {
            return;
        }
        LocalThread service = me;
        Thread.ofVirtual().name("threadwire-seeds-" + port.address().port()).start(() -> {
            MembersEvents.SeedsResolved r;
            try {
                r = new MembersEvents.SeedsResolved(List.copyOf(config.seeds().seeds()), null);
            } catch (Exception | LinkageError e) {
                r = new MembersEvents.SeedsResolved(List.of(), "the seed provider " + config.seeds() + " failed: " + reason(e));
            }
            LocalThreads.deliver(service, r);
        });
    }

    /** Dials every seed of the round at once (seed dials are few: at most {@link SeedRounds#MAX_SEEDS}). */
    private void seedsResolved(MembersEvents.SeedsResolved r) {
        if (r.failure() != null || r.seeds().isEmpty()) {
            scheduleRound(rounds.noSeeds(r.failure() != null ? r.failure() : "the seed provider " + config.seeds()
                    + " gave none", false));
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
            dial(seed, MembersEvents.Purpose.SEED);
        }
    }

    private void scheduleRound(Duration delay) {
        if (delay != null) {
            rounds.scheduledNext();
            schedule(delay, new MembersEvents.RoundDue());
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

    private void schedule(Duration delay, MembersEvents event) {
        Messaging.sendAfter(delay, event, me);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
